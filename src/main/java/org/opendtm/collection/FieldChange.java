package org.opendtm.collection;

/**
 * How a field differs from the form's previous version, reported with each upload so that no field
 * is dropped, retyped or moved without the designer being told. Submissions of each version keep
 * their own fields whatever changed.
 *
 * @param before the field in the previous version, null when added
 * @param after the field in the new version, null when removed
 */
public record FieldChange(String name, Kind kind, FormField before, FormField after) {

  /** What happened to the field, matched by name between the two versions. */
  public enum Kind {
    ADDED,
    REMOVED,
    /** Its XLSForm type, data type or choice list changed. */
    RETYPED,
    /** It is now at another path (moved into or out of a group or repeat). */
    MOVED
  }
}
