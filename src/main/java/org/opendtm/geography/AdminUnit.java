package org.opendtm.geography;

import java.time.LocalDate;

/**
 * An admin unit of one version of an operation's geography. Valid from {@code validFrom}
 * (inclusive) to {@code validTo} (exclusive; null while current).
 */
public record AdminUnit(
    long id,
    int level,
    String pcode,
    String name,
    Long parentId,
    LocalDate validFrom,
    LocalDate validTo,
    boolean provisional) {

  public boolean validOn(LocalDate date) {
    return !date.isBefore(validFrom) && (validTo == null || date.isBefore(validTo));
  }
}
