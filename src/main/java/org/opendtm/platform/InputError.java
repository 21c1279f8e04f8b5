package org.opendtm.platform;

/**
 * One thing wrong with a piece of input, precise enough to fix it: which row (1-based, counting the
 * header and HXL rows as the file does) and which field or column, the offending value, and why.
 */
public record InputError(Long row, String field, String value, String reason) {

  public static InputError field(String field, String reason) {
    return new InputError(null, field, null, reason);
  }

  public static InputError at(long row, String field, String value, String reason) {
    return new InputError(row, field, value, reason);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (row != null) text.append("row ").append(row);
    if (field != null) text.append(text.isEmpty() ? "" : ", ").append("field ").append(field);
    if (value != null) text.append(" ('").append(value).append("')");
    return text.append(text.isEmpty() ? "" : ": ").append(reason).toString();
  }
}
