package org.opendtm.geography;

/** A location to create, or to update when the operation already has one with this code. */
public record NewLocation(
    String code,
    String name,
    LocationKind kind,
    long adminUnitId,
    Double latitude,
    Double longitude) {}
