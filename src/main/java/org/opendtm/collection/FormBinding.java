package org.opendtm.collection;

import java.util.List;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.PopulationGroup;

/**
 * How the answers of a form become an assessment: which field gives the place, which the assessment
 * type, and which fields fill which population figures. Fields are named by their XLSForm name and
 * checked against the form's newest version.
 *
 * @param placeField the field giving the place
 * @param placeKind what that field holds
 * @param assessmentType the assessment type of every submission, or null when {@code
 *     assessmentTypeField} gives it
 * @param assessmentTypeField a field whose answer is the assessment type (BA, SA, ETT or the words
 *     files use), or null
 * @param figures the population figures filled by each submission
 */
public record FormBinding(
    String placeField,
    PlaceKind placeKind,
    AssessmentType assessmentType,
    String assessmentTypeField,
    List<Figure> figures) {

  /** What the place field holds. */
  public enum PlaceKind {
    /** An admin unit's P-code. */
    PCODE,
    /** A location's code from the operation's location list. */
    LOCATION_CODE,
    /** A geopoint, resolved to an admin unit by point in polygon. */
    GEOPOINT
  }

  /**
   * One population figure: a group, optionally a displacement reason (fixed or from a field), and
   * the fields holding its counts. Any count field may be null (not collected).
   *
   * <p>With {@code repeat}, the figure is read once per answer of that repeat group: a repeat "by
   * origin" (an origin P-code and its counts, asked for each origin) gives one figure per origin.
   * Its fields may be inside that repeat (read per answer) or outside any repeat (the same for
   * every answer).
   *
   * @param sexAgeFields one field per sex-and-age band of the operation, female bands first then
   *     male bands, or null
   * @param repeat the XLSForm name of a repeat group, or null for one figure per submission
   * @param originField a field whose answer is the P-code of the place of origin, or null
   */
  public record Figure(
      PopulationGroup group,
      String reason,
      String reasonField,
      String householdsField,
      String individualsField,
      String malesField,
      String femalesField,
      List<String> sexAgeFields,
      String repeat,
      String originField) {

    /** A figure read once per submission, without origin. */
    public Figure(
        PopulationGroup group,
        String reason,
        String reasonField,
        String householdsField,
        String individualsField,
        String malesField,
        String femalesField,
        List<String> sexAgeFields) {
      this(
          group,
          reason,
          reasonField,
          householdsField,
          individualsField,
          malesField,
          femalesField,
          sexAgeFields,
          null,
          null);
    }
  }
}
