package org.opendtm.publication;

/**
 * An operation partners can see (it has a published round).
 *
 * @param publicAdminLevel the finest admin level published to anonymous partners
 */
public record PublicOperation(
    String code, String name, String countryName, String countryIso3, int publicAdminLevel) {}
