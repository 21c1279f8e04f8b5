package org.opendtm.geography;

/**
 * A location to create or update, identified by its code within the operation. Latitude and
 * longitude are WGS84 degrees, both given or both null.
 */
public record NewLocation(
    String code,
    String name,
    LocationKind kind,
    long adminUnitId,
    Double latitude,
    Double longitude) {}
