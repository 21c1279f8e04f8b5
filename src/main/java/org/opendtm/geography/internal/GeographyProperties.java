package org.opendtm.geography.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the geography module.
 *
 * @param maxBoundaryFeatures most features a GeoJSON boundary file may hold ({@code
 *     OPENDTM_GEOGRAPHY_MAX_BOUNDARY_FEATURES})
 * @param maxBoundaryFileBytes largest GeoJSON boundary file accepted; GeoJSON is read feature by
 *     feature but every boundary is kept until stored
 * @param boundaryTolerance default simplification tolerance of served boundaries, in degrees
 */
@ConfigurationProperties("opendtm.geography")
public record GeographyProperties(
    Integer maxBoundaryFeatures, Long maxBoundaryFileBytes, Double boundaryTolerance) {

  public GeographyProperties {
    if (maxBoundaryFeatures == null) maxBoundaryFeatures = 50_000;
    if (maxBoundaryFileBytes == null) maxBoundaryFileBytes = 512L * 1024 * 1024;
    if (boundaryTolerance == null) boundaryTolerance = 0.005;
  }
}
