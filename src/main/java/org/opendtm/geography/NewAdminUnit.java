package org.opendtm.geography;

/**
 * An admin unit to create, named by P-code; its parent is named by P-code too (null at the top).
 */
public record NewAdminUnit(int level, String pcode, String name, String parentPcode) {}
