package org.opendtm.geography;

/**
 * A place below the admin units: a site, village, neighbourhood or flow monitoring point.
 *
 * @param boundaryUnitId the unit whose boundary holds the coordinates, when it differs from {@code
 *     adminUnitId} (a mismatch to review); null when they agree or cannot be checked
 */
public record Location(
    long id,
    String code,
    String name,
    LocationKind kind,
    long adminUnitId,
    Double latitude,
    Double longitude,
    Long boundaryUnitId) {}
