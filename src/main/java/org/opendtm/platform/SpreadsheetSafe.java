package org.opendtm.platform;

import java.util.regex.Pattern;

/**
 * Keeps spreadsheet programs from running exported text as a formula (CSV injection): a cell
 * starting with {@code = + - @}, a tab or a carriage return gets a leading {@code '} unless it is a
 * plain number such as {@code -12} or {@code +3.5}. Every CSV and XLSX export passes its text cells
 * through {@link #cell(String)}; numbers written as typed numeric cells need nothing.
 */
public final class SpreadsheetSafe {

  private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  private SpreadsheetSafe() {}

  /** The value as it may be written to a text cell: unchanged, or with a leading {@code '}. */
  public static String cell(String value) {
    if (value == null || value.isEmpty()) return value;
    char first = value.charAt(0);
    boolean risky =
        first == '='
            || first == '+'
            || first == '-'
            || first == '@'
            || first == '\t'
            || first == '\r';
    if (!risky || NUMBER.matcher(value).matches()) return value;
    return "'" + value;
  }
}
