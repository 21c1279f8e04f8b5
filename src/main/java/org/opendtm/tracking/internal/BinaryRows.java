package org.opendtm.tracking.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Rows for {@code COPY … FROM STDIN WITH (FORMAT binary)}, kept in memory without their first
 * column, a {@code bigint} id that only the writer knows: the reader encodes a chunk's rows ({@link
 * FigurePipeline}), the writer sends them with {@link #copy}, each row's id put in front.
 *
 * <p>Binary rather than text: PostgreSQL stores numbers, dates and arrays without parsing them (a
 * figure's sex-and-age array, a date, eleven integers per row), and the JVM writes them without
 * digits or escapes. A chunk is one byte array, not thousands of row objects that the garbage
 * collector would copy while they wait to be written.
 *
 * <p>The field methods must follow the table's column types exactly ({@code int8} for {@code
 * bigint}, {@code int4} for {@code int}): binary input is not converted.
 */
final class BinaryRows {

  private static final int SEND_AT = 64 * 1024;

  /** Signature, flags (no OIDs), no header extension. */
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** PostgreSQL counts dates from 2000-01-01. */
  private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private static final int INT4_OID = 23;

  /**
   * Rows go into pages of about this many bytes: a growing array would pass half of a G1 region (1
   * MB regions with a 512 MB heap) and be allocated as a humongous object, and every such
   * allocation may start a concurrent marking of the whole heap (measured: nine marking cycles,
   * 0.2–0.75 s each, during one import of the baseline file).
   */
  private static final int PAGE = 192 * 1024;

  /** A full page: its bytes and where each of its rows ends. */
  private record Page(byte[] bytes, int[] ends, int rows) {}

  private final short fields;
  private final List<Page> full = new ArrayList<>();
  private byte[] buffer = new byte[64 * 1024];
  private int length;
  private int[] ends = new int[1024];
  private int pageRows;
  private int rows;

  /**
   * @param fields the columns of a row, the first (the id given to {@link #copy}) included
   */
  BinaryRows(int fields) {
    this.fields = (short) fields;
  }

  int rows() {
    return rows;
  }

  void endRow() {
    if (pageRows == ends.length) ends = Arrays.copyOf(ends, pageRows * 2);
    ends[pageRows++] = length;
    rows++;
    if (length >= PAGE) {
      full.add(new Page(buffer, ends, pageRows));
      buffer = new byte[buffer.length];
      ends = new int[ends.length];
      length = 0;
      pageRows = 0;
    }
  }

  // ---------------------------------------------------------------- fields after the first

  void int8(long value) {
    ensure(12);
    putInt(8);
    putLong(value);
  }

  void int8(Long value) {
    if (value == null) nullField();
    else int8(value.longValue());
  }

  void int4(Integer value) {
    if (value == null) {
      nullField();
      return;
    }
    ensure(8);
    putInt(4);
    putInt(value);
  }

  void date(LocalDate value) {
    if (value == null) {
      nullField();
      return;
    }
    ensure(8);
    putInt(4);
    putInt(Math.toIntExact(value.toEpochDay() - POSTGRES_EPOCH_DAY));
  }

  void text(String value) {
    if (value == null) {
      nullField();
      return;
    }
    ensure(4 + value.length());
    int at = length;
    length += 4;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        buffer[length++] = (byte) c;
      } else {
        // rare: the rest of the value at once, surrogate pairs included
        byte[] rest = value.substring(i).getBytes(StandardCharsets.UTF_8);
        ensure(rest.length);
        System.arraycopy(rest, 0, buffer, length, rest.length);
        length += rest.length;
        break;
      }
    }
    int size = length - at - 4;
    buffer[at] = (byte) (size >>> 24);
    buffer[at + 1] = (byte) (size >>> 16);
    buffer[at + 2] = (byte) (size >>> 8);
    buffer[at + 3] = (byte) size;
  }

  /** An {@code int[]} of one dimension (lower bound 1), null elements kept. */
  void int4Array(Integer[] values) {
    if (values == null) {
      nullField();
      return;
    }
    if (values.length == 0) {
      ensure(16);
      putInt(12);
      putInt(0); // no dimensions
      putInt(0);
      putInt(INT4_OID);
      return;
    }
    boolean nulls = false;
    int size = 20;
    for (Integer v : values) {
      if (v == null) {
        nulls = true;
        size += 4;
      } else {
        size += 8;
      }
    }
    ensure(4 + size);
    putInt(size);
    putInt(1);
    putInt(nulls ? 1 : 0);
    putInt(INT4_OID);
    putInt(values.length);
    putInt(1);
    for (Integer v : values) {
      if (v == null) {
        putInt(-1);
      } else {
        putInt(4);
        putInt(v);
      }
    }
  }

  private void nullField() {
    ensure(4);
    putInt(-1);
  }

  private void putInt(int value) {
    buffer[length] = (byte) (value >>> 24);
    buffer[length + 1] = (byte) (value >>> 16);
    buffer[length + 2] = (byte) (value >>> 8);
    buffer[length + 3] = (byte) value;
    length += 4;
  }

  private void putLong(long value) {
    putInt((int) (value >>> 32));
    putInt((int) value);
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  // ---------------------------------------------------------------- sending

  /**
   * Stores the rows with one COPY ({@code sql} must say {@code FORMAT binary}), row {@code i} with
   * {@code ids[index[i]]} as its first column; returns the rows PostgreSQL stored. On failure the
   * COPY is cancelled (if still open) so that the connection can roll back.
   */
  long copy(CopyManager manager, String sql, IntToLongFunction ids, int[] index) {
    CopyIn in;
    try {
      in = manager.copyIn(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    }
    return copy(in, ids, index);
  }

  /** {@link #copy(CopyManager, String, IntToLongFunction, int[])} into a COPY already open. */
  long copy(CopyIn in, IntToLongFunction ids, int[] index) {
    try {
      byte[] out = new byte[SEND_AT + 1024];
      System.arraycopy(HEADER, 0, out, 0, HEADER.length);
      int n = HEADER.length;
      int i = 0;
      List<Page> pages = new ArrayList<>(full);
      pages.add(new Page(buffer, ends, pageRows));
      for (Page page : pages) {
        int start = 0;
        for (int r = 0; r < page.rows(); r++, i++) {
          int end = page.ends()[r];
          int size = 14 + end - start;
          if (n + size > out.length) {
            in.writeToCopy(out, 0, n);
            n = 0;
            if (size > out.length) out = new byte[size + SEND_AT];
          }
          out[n++] = (byte) (fields >>> 8);
          out[n++] = (byte) fields;
          out[n++] = 0;
          out[n++] = 0;
          out[n++] = 0;
          out[n++] = 8;
          long id = ids.applyAsLong(index[i]);
          for (int shift = 56; shift >= 0; shift -= 8) out[n++] = (byte) (id >>> shift);
          System.arraycopy(page.bytes(), start, out, n, end - start);
          n += end - start;
          start = end;
          if (n >= SEND_AT) {
            in.writeToCopy(out, 0, n);
            n = 0;
          }
        }
      }
      out[n++] = (byte) 0xFF; // the trailer: a field count of -1
      out[n++] = (byte) 0xFF;
      in.writeToCopy(out, 0, n);
      return in.endCopy();
    } catch (SQLException e) {
      try {
        if (in.isActive()) in.cancelCopy();
      } catch (SQLException ignored) {
        // the transaction rolls back anyway
      }
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    }
  }
}
