package org.opendtm.access;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The datasets of an operation that carry a {@link SharingClass}, with their built-in default
 * class, the default class of their fields, and the read rights an agreement covering them gives a
 * partner. {@code audit} and {@code personal-data} can never be shared.
 */
public enum SharedDataset {
  PUBLISHED_AGGREGATES("published-aggregates", SharingClass.PUBLIC, true, Map.of()),
  /**
   * The published aggregates without disclosure control: small counts, households, every group and
   * admin level. Partners without it see what the public DTM API shows.
   */
  FULL_FIGURES("full-figures", SharingClass.SENSITIVE, true, Map.of(), Right.READ_FULL_FIGURES),
  LOCATIONS(
      "locations",
      SharingClass.SENSITIVE,
      true,
      Map.of("coordinates", SharingClass.SENSITIVE),
      Right.READ_LOCATIONS),
  ASSESSMENTS(
      "assessments",
      SharingClass.SENSITIVE,
      true,
      Map.of(),
      Right.READ_ASSESSMENTS,
      Right.READ_ROUNDS,
      // whoever reads the assessments can add them up: hiding small aggregates protects nothing
      Right.READ_FULL_FIGURES),
  FLAGS("flags", SharingClass.SENSITIVE, true, Map.of(), Right.READ_ROUNDS),
  AUDIT("audit", SharingClass.SENSITIVE, false, Map.of()),
  PERSONAL_DATA("personal-data", SharingClass.SENSITIVE, false, Map.of());

  private final String code;
  private final SharingClass defaultClass;
  private final boolean shareable;
  private final Map<String, SharingClass> fieldDefaults;
  private final Set<Right> readRights;

  SharedDataset(
      String code,
      SharingClass defaultClass,
      boolean shareable,
      Map<String, SharingClass> fieldDefaults,
      Right... readRights) {
    this.code = code;
    this.defaultClass = defaultClass;
    this.shareable = shareable;
    this.fieldDefaults = fieldDefaults;
    this.readRights =
        readRights.length == 0
            ? Collections.emptySet()
            : Collections.unmodifiableSet(EnumSet.copyOf(Arrays.asList(readRights)));
  }

  /** The name used in the API and the database, e.g. {@code published-aggregates}. */
  public String code() {
    return code;
  }

  public SharingClass defaultClass() {
    return defaultClass;
  }

  /** False for {@code audit} and {@code personal-data}: no agreement may cover them. */
  public boolean shareable() {
    return shareable;
  }

  /** The fields with a class of their own, and that class by default. */
  public Map<String, SharingClass> fieldDefaults() {
    return fieldDefaults;
  }

  /** The rights an active agreement covering this dataset gives a partner of the operation. */
  public Set<Right> readRights() {
    return readRights;
  }

  public static Optional<SharedDataset> byCode(String code) {
    return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
  }
}
