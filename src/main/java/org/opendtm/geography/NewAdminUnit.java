package org.opendtm.geography;

/**
 * An admin unit to create, e.g. provisionally from the P-codes and names of an assessment file.
 *
 * @param parentPcode the current unit that contains it, or null at the top level; it must exist
 *     already or come earlier in the same request
 */
public record NewAdminUnit(int level, String pcode, String name, String parentPcode) {}
