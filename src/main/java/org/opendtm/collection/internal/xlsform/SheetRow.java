package org.opendtm.collection.internal.xlsform;

import java.util.Map;

/**
 * One row of an XLSForm sheet: the sheet, the row number the spreadsheet shows, and its cells by
 * normalised column name ({@code label::English (en)}, {@code constraint_message}, …).
 */
record SheetRow(String sheet, long row, Map<String, String> cells) {

  /** The cell of a column, empty when the column is missing or the cell blank. */
  String get(String column) {
    String value = cells.get(column);
    return value == null ? "" : value;
  }

  boolean has(String column) {
    return !get(column).isEmpty();
  }
}
