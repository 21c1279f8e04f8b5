package org.opendtm.tracking;

import org.opendtm.platform.tabular.TabularFormat;

/**
 * How to read an assessment file.
 *
 * @param format null to detect from the content
 * @param assessmentType used for rows that do not say their type; null to require it in the file
 * @param mapping name of a column mapping saved for the operation (for tables without HXL row)
 */
public record ImportOptions(
    String fileName,
    TabularFormat format,
    AssessmentType assessmentType,
    String user,
    String mapping) {

  public ImportOptions(
      String fileName, TabularFormat format, AssessmentType assessmentType, String user) {
    this(fileName, format, assessmentType, user, null);
  }
}
