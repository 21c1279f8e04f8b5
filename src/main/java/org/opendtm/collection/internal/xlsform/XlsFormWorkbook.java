package org.opendtm.collection.internal.xlsform;

import java.util.List;
import java.util.Map;

/**
 * The three sheets of an XLSForm as read, before any interpretation: {@code survey} and {@code
 * choices} rows, and the {@code settings} (its header row and first value row).
 *
 * @param settingsRow the spreadsheet row of the settings values, for error messages
 */
record XlsFormWorkbook(
    List<SheetRow> survey,
    List<SheetRow> choices,
    Map<String, String> settings,
    long settingsRow,
    List<String> surveyColumns,
    List<String> choicesColumns) {}
