package org.opendtm.geography;

/**
 * The part of an older unit that lies in a current unit: figures of the older unit times {@code
 * share} belong to the current one. The shares of one older unit sum to 1.
 */
public record CrosswalkShare(long unitId, String pcode, double share) {}
