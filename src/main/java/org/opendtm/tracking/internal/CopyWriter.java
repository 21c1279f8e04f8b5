package org.opendtm.tracking.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows for one {@code COPY … FROM STDIN} in PostgreSQL's text format, encoded straight to UTF-8
 * into a small buffer that is handed to the open COPY whenever it fills: memory stays one buffer
 * whatever the number of rows, and PostgreSQL stores the first rows while the caller produces the
 * next ones. The COPY is opened with the first full buffer (or at {@link #finish}).
 *
 * <p>A row is its fields in the COPY's column order ({@link #text}, {@link #number}, {@link #date},
 * {@link #intArray}, each starting with the separator except the first) then {@link #endRow}. While
 * the COPY is open the connection runs nothing else: {@link #finish} ends it, or {@link #abort}
 * cancels it when the work fails, before the connection's next statement.
 */
final class CopyWriter {

  /** Bytes handed to the COPY at a time: small enough for PostgreSQL to start early. */
  private static final int SEND_AT = 64 * 1024;

  private final CopyManager copy;
  private final String sql;
  private CopyIn open;
  private byte[] buffer = new byte[SEND_AT + 8192];
  private int length;
  private boolean first = true;
  private long rows;

  CopyWriter(CopyManager copy, String sql) {
    this.copy = copy;
    this.sql = sql;
  }

  long rows() {
    return rows;
  }

  void endRow() {
    put('\n');
    first = true;
    rows++;
    if (length >= SEND_AT) send();
  }

  /** Sends what is buffered and ends the COPY; returns the rows PostgreSQL stored. */
  long finish() {
    try {
      if (open == null) open = copy.copyIn(sql);
      send();
      long stored = open.endCopy();
      open = null;
      return stored;
    } catch (SQLException e) {
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    }
  }

  /** Cancels an open COPY (the work failed), so the connection can roll back. */
  void abort() {
    length = 0;
    if (open == null) return;
    try {
      if (open.isActive()) open.cancelCopy();
    } catch (SQLException e) {
      // the transaction rolls back anyway; the connection reports its own state
    }
    open = null;
  }

  private void send() {
    if (length == 0) return;
    try {
      if (open == null) open = copy.copyIn(sql);
      open.writeToCopy(buffer, 0, length);
    } catch (SQLException e) {
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    }
    length = 0;
  }

  // ---------------------------------------------------------------- fields

  void number(long value) {
    separator();
    digits(value);
  }

  void number(Long value) {
    separator();
    if (value == null) ascii("\\N");
    else digits(value);
  }

  void number(Integer value) {
    separator();
    if (value == null) ascii("\\N");
    else digits(value);
  }

  void date(LocalDate value) {
    separator();
    if (value == null) ascii("\\N");
    else ascii(value.toString());
  }

  void bool(boolean value) {
    separator();
    put(value ? 't' : 'f');
  }

  /** An {@code int[]} with null elements kept. */
  void intArray(Integer[] values) {
    separator();
    if (values == null) {
      ascii("\\N");
      return;
    }
    put('{');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) put(',');
      Integer value = values[i];
      if (value == null) ascii("NULL");
      else digits(value);
    }
    put('}');
  }

  void text(String value) {
    separator();
    if (value == null) {
      ascii("\\N");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> ascii("\\\\");
        case '\t' -> ascii("\\t");
        case '\n' -> ascii("\\n");
        case '\r' -> ascii("\\r");
        default -> {
          if (c < 0x80) put(c);
          else {
            // rare: encode the rest of the value at once, surrogate pairs included
            utf8(value.substring(i));
            return;
          }
        }
      }
    }
  }

  private void separator() {
    if (first) first = false;
    else put('\t');
  }

  private void utf8(String rest) {
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      switch (c) {
        case '\\' -> ascii("\\\\");
        case '\t' -> ascii("\\t");
        case '\n' -> ascii("\\n");
        case '\r' -> ascii("\\r");
        default -> {
          if (c < 0x80) put(c);
          else {
            int end = i + 1;
            while (end < rest.length() && rest.charAt(end) >= 0x80) end++;
            byte[] bytes = rest.substring(i, end).getBytes(StandardCharsets.UTF_8);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
            i = end - 1;
          }
        }
      }
    }
  }

  /** Decimal digits written straight into the buffer (no String per number). */
  private void digits(long value) {
    if (value >= 0 && value < 10) {
      put((char) ('0' + value));
      return;
    }
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value));
      return;
    }
    ensure(20);
    if (value < 0) {
      buffer[length++] = '-';
      value = -value;
    }
    int width = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) width++;
    for (int i = length + width - 1; i >= length; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += width;
  }

  private void ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) buffer[length++] = (byte) text.charAt(i);
  }

  private void put(char c) {
    ensure(1);
    buffer[length++] = (byte) c;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
