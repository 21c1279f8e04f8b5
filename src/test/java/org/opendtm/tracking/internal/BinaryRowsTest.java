package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, sent with the id of each row's place in front (the
 * integration tests compare what PostgreSQL then stores with the text path's rows).
 */
class BinaryRowsTest {

  @Test
  void rowsAreSentAfterTheHeaderEachWithItsPlacesIdFirstThenTheTrailer() {
    BinaryRows rows = new BinaryRows(6);
    rows.int8(7L);
    rows.text("é😀\\");
    rows.int4((Integer) null);
    rows.date(LocalDate.of(2000, 1, 3));
    rows.int4Array(new Integer[] {5, null});
    rows.endRow();
    rows.int8((Long) null);
    rows.text("");
    rows.int4(-1);
    rows.date(null);
    rows.int4Array(null);
    rows.endRow();

    Recorded copy = new Recorded();
    long stored = rows.copy(copy.in(), i -> 40L + i, new int[] {2, 1});

    assertThat(stored).isEqualTo(2);
    ByteBuffer sent = ByteBuffer.wrap(copy.bytes.toByteArray());
    byte[] signature = new byte[11];
    sent.get(signature);
    assertThat(signature).isEqualTo("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(sent.getInt()).isZero(); // flags
    assertThat(sent.getInt()).isZero(); // header extension

    assertThat(sent.getShort()).isEqualTo((short) 6);
    assertThat(sent.getInt()).isEqualTo(8);
    assertThat(sent.getLong()).isEqualTo(42); // row 0's place is 2
    assertThat(sent.getInt()).isEqualTo(8);
    assertThat(sent.getLong()).isEqualTo(7);
    byte[] text = "é😀\\".getBytes(StandardCharsets.UTF_8);
    assertThat(sent.getInt()).isEqualTo(text.length);
    byte[] read = new byte[text.length];
    sent.get(read);
    assertThat(read).isEqualTo(text);
    assertThat(sent.getInt()).isEqualTo(-1);
    assertThat(sent.getInt()).isEqualTo(4);
    assertThat(sent.getInt()).isEqualTo(2); // days since 2000-01-01
    assertThat(sent.getInt()).isEqualTo(20 + 8 + 4);
    assertThat(sent.getInt()).isEqualTo(1); // dimensions
    assertThat(sent.getInt()).isEqualTo(1); // has nulls
    assertThat(sent.getInt()).isEqualTo(23); // int4
    assertThat(sent.getInt()).isEqualTo(2); // length
    assertThat(sent.getInt()).isEqualTo(1); // lower bound
    assertThat(sent.getInt()).isEqualTo(4);
    assertThat(sent.getInt()).isEqualTo(5);
    assertThat(sent.getInt()).isEqualTo(-1);

    assertThat(sent.getShort()).isEqualTo((short) 6);
    assertThat(sent.getInt()).isEqualTo(8);
    assertThat(sent.getLong()).isEqualTo(41);
    assertThat(sent.getInt()).isEqualTo(-1);
    assertThat(sent.getInt()).isZero(); // empty text
    assertThat(sent.getInt()).isEqualTo(4);
    assertThat(sent.getInt()).isEqualTo(-1);
    assertThat(sent.getInt()).isEqualTo(-1);
    assertThat(sent.getInt()).isEqualTo(-1);

    assertThat(sent.getShort()).isEqualTo((short) -1); // trailer
    assertThat(sent.hasRemaining()).isFalse();
  }

  @Test
  void rowsFillingSeveralPagesAreSentInTheirOrder() {
    BinaryRows rows = new BinaryRows(2);
    String text = "x".repeat(100);
    int count = 5_000; // ~540 KB: three pages
    int[] index = new int[count];
    for (int i = 0; i < count; i++) {
      rows.text(text);
      rows.endRow();
      index[i] = i;
    }
    Recorded copy = new Recorded();
    rows.copy(copy.in(), i -> 1_000_000L + i, index);

    ByteBuffer sent = ByteBuffer.wrap(copy.bytes.toByteArray());
    sent.position(19);
    for (int i = 0; i < count; i++) {
      assertThat(sent.getShort()).isEqualTo((short) 2);
      assertThat(sent.getInt()).isEqualTo(8);
      assertThat(sent.getLong()).isEqualTo(1_000_000L + i);
      assertThat(sent.getInt()).isEqualTo(100);
      sent.position(sent.position() + 100);
    }
    assertThat(sent.getShort()).isEqualTo((short) -1);
    assertThat(sent.hasRemaining()).isFalse();
  }

  /** A COPY that keeps what it is sent. */
  private static final class Recorded {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CopyIn in() {
      return new CopyIn() {
        boolean active = true;

        @Override
        public void writeToCopy(byte[] buf, int off, int siz) {
          bytes.write(buf, off, siz);
        }

        @Override
        public void writeToCopy(org.postgresql.util.ByteStreamWriter from) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void flushCopy() {}

        @Override
        public long endCopy() {
          active = false;
          return 2;
        }

        @Override
        public int getFieldCount() {
          return 0;
        }

        @Override
        public int getFormat() {
          return 1;
        }

        @Override
        public int getFieldFormat(int field) {
          return 1;
        }

        @Override
        public boolean isActive() {
          return active;
        }

        @Override
        public void cancelCopy() {
          active = false;
        }

        @Override
        public long getHandledRowCount() {
          return 2;
        }
      };
    }
  }
}
