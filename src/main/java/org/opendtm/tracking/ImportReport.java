package org.opendtm.tracking;

import java.util.List;
import java.util.Map;

/**
 * What an import did and what it noticed on the way.
 *
 * @param shape {@code HXL_TABLE} or {@code DTM_API}
 * @param replacedAssessments assessments of the same types from earlier files, replaced
 * @param columns recognised columns (header or tag as written → field)
 * @param ignoredColumns columns not used, with the reason
 * @param normalisations P-codes matched only by a normalisation rule, with the rows
 * @param flags flags raised in the round after the import, per rule
 */
public record ImportReport(
    long importId,
    String fileName,
    String format,
    String shape,
    long rowsRead,
    long assessmentsCreated,
    long figuresCreated,
    long replacedAssessments,
    List<AssessmentType> assessmentTypes,
    List<CreatedPlace> placesCreated,
    Map<String, String> columns,
    List<IgnoredColumn> ignoredColumns,
    List<Normalisation> normalisations,
    Map<String, Long> flags) {

  /** An admin unit or location the import created because the file named it. */
  public record CreatedPlace(String kind, String code, String name, Integer level) {}

  public record IgnoredColumn(String column, String reason) {}

  /**
   * @param rows the first rows that used it (at most 20)
   * @param count how many rows used it
   */
  public record Normalisation(
      String written, String matched, String rule, List<Long> rows, long count) {}
}
