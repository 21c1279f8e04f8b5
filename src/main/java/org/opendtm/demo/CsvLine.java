package org.opendtm.demo;

/** Builds one CSV line at a time into a reused buffer (RFC 4180 quoting, LF line ends). */
final class CsvLine {

  private final StringBuilder line = new StringBuilder(512);
  private boolean first = true;

  CsvLine text(String value) {
    separate();
    if (value == null) return this;
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (quote) line.append('"').append(value.replace("\"", "\"\"")).append('"');
    else line.append(value);
    return this;
  }

  CsvLine number(long value) {
    separate();
    line.append(value);
    return this;
  }

  /** A number, or an empty cell when it is zero. */
  CsvLine numberOrEmpty(long value) {
    separate();
    if (value != 0) line.append(value);
    return this;
  }

  CsvLine coordinate(double value) {
    separate();
    appendCoordinate(line, value);
    return this;
  }

  CsvLine cells(String... values) {
    for (String value : values) text(value);
    return this;
  }

  /** The line with its line end; the buffer is then cleared for the next line. */
  String end() {
    line.append('\n');
    String text = line.toString();
    line.setLength(0);
    first = true;
    return text;
  }

  private void separate() {
    if (!first) line.append(',');
    first = false;
  }

  /** A coordinate with at most five decimals, trailing zeros dropped (about a metre). */
  static void appendCoordinate(StringBuilder out, double value) {
    long scaled = Math.round(value * 100_000);
    if (scaled < 0) {
      out.append('-');
      scaled = -scaled;
    }
    out.append(scaled / 100_000);
    long fraction = scaled % 100_000;
    if (fraction == 0) return;
    out.append('.');
    String digits = Long.toString(fraction + 100_000).substring(1);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') end--;
    out.append(digits, 0, end);
  }
}
