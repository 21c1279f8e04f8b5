package org.opendtm.platform.tabular;

/** Receives a table one row at a time; rows are never held all at once. */
@FunctionalInterface
public interface TabularRowHandler {

  /**
   * @param rowNumber the row's 1-based number as a spreadsheet shows it (header is row 1)
   * @param cells the row's cells, trimmed; empty cells are empty strings, never null
   */
  void row(long rowNumber, String[] cells);
}
