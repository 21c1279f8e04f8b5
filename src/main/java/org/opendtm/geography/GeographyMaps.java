package org.opendtm.geography;

import java.util.List;
import org.opendtm.geography.internal.BoundaryMaps;
import org.opendtm.geography.internal.GeographyProperties;
import org.opendtm.geography.internal.Locations;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What maps need of an operation's geography: simplified boundaries and the located places. For
 * other modules' pages (the web UI); callers check access first.
 */
@Service
@Transactional(readOnly = true)
public class GeographyMaps {

  private final BoundaryMaps boundaries;
  private final Locations locations;
  private final GeographyProperties properties;

  GeographyMaps(BoundaryMaps boundaries, Locations locations, GeographyProperties properties) {
    this.boundaries = boundaries;
    this.locations = locations;
    this.properties = properties;
  }

  /**
   * The current units of a level as a GeoJSON FeatureCollection (properties {@code pcode}, {@code
   * name}), simplified with the configured tolerance and cached until the geography changes.
   */
  public String boundaries(long operationId, int level) {
    return boundaries.featureCollection(operationId, level, properties.boundaryTolerance());
  }

  /** Every location of the operation (sites, villages, …), with or without coordinates. */
  public List<Location> listLocations(long operationId) {
    return locations.listAll(operationId);
  }
}
