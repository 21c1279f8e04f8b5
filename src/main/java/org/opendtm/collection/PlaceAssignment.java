package org.opendtm.collection;

/**
 * A place an enumerator is expected to visit in a round.
 *
 * @param enumerator the enumerator's user name
 * @param place a P-code or a location code of the operation (stored as the geography writes it)
 */
public record PlaceAssignment(String enumerator, String place) {}
