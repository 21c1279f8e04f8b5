package org.opendtm.tracking.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * A per-import temporary table that good rows are streamed into with one COPY for the whole file,
 * so that an import never holds its file and never runs a query per row. Rows are encoded straight
 * into a small byte buffer handed to the open COPY whenever it fills: PostgreSQL parses and stores
 * them on its own core while this thread reads and checks the next rows, instead of the two taking
 * turns batch by batch. Dropped with the transaction.
 *
 * <p>While the COPY is open the connection runs nothing else: {@link #finish} ends it (or {@link
 * #abort} cancels it, when the import fails) before the importer's next statement.
 */
final class StagingTable {

  static final String NAME = "import_staging";

  private static final String COLUMNS =
      "source_row, level, assessment_type, place, place_name, pcode_written, pcode_rule,"
          + " admin_unit_id, unit_pcode, location_id, location_code, informants, collected_on,"
          + " event_date, event_cause, population_group, reason, origin_admin_unit_id,"
          + " origin_pcode, arrival_period, shelter, households, individuals, males, females,"
          + " sex_age";

  /** Bytes handed to the COPY at a time: small enough for PostgreSQL to start early. */
  private static final int SEND_AT = 64 * 1024;

  private final CopyManager copy;
  private CopyIn open;
  private byte[] buffer = new byte[SEND_AT + 8192];
  private int length;
  private long rows;

  private StagingTable(CopyManager copy) {
    this.copy = copy;
  }

  static StagingTable create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists pg_temp." + NAME);
      statement.execute(
          """
          create temp table import_staging (
            source_row bigint not null, level smallint, assessment_type text not null,
            place text not null, place_name text, pcode_written text, pcode_rule text,
            admin_unit_id bigint, unit_pcode text, location_id bigint, location_code text,
            informants int, collected_on date, event_date date, event_cause text,
            population_group text not null, reason text, origin_admin_unit_id bigint,
            origin_pcode text, arrival_period text, shelter text,
            households int, individuals int, males int, females int, sex_age int[]
          ) on commit drop
          """);
    }
    return new StagingTable(connection.unwrap(PGConnection.class).getCopyAPI());
  }

  /** One population figure of one file row. */
  static final class Row {
    long sourceRow;
    Integer level;
    String assessmentType;
    String place;
    String placeName;
    String pcodeWritten;
    String pcodeRule;
    Long adminUnitId;
    String unitPcode;
    Long locationId;
    String locationCode;
    Integer informants;
    LocalDate collectedOn;
    LocalDate eventDate;
    String eventCause;
    String group;
    String reason;
    Long originId;
    String originPcode;
    String arrival;
    String shelter;
    Integer households;
    Integer individuals;
    Integer males;
    Integer females;
    Integer[] sexAge;
  }

  void add(Row row) {
    digits(row.sourceRow);
    number(row.level);
    text(row.assessmentType);
    text(row.place);
    text(row.placeName);
    text(row.pcodeWritten);
    text(row.pcodeRule);
    number(row.adminUnitId);
    text(row.unitPcode);
    number(row.locationId);
    text(row.locationCode);
    number(row.informants);
    date(row.collectedOn);
    date(row.eventDate);
    text(row.eventCause);
    text(row.group);
    text(row.reason);
    number(row.originId);
    text(row.originPcode);
    text(row.arrival);
    text(row.shelter);
    number(row.households);
    number(row.individuals);
    number(row.males);
    number(row.females);
    separator();
    if (row.sexAge == null) {
      ascii("\\N");
    } else {
      put('{');
      for (int i = 0; i < row.sexAge.length; i++) {
        if (i > 0) put(',');
        Integer band = row.sexAge[i];
        if (band == null) ascii("NULL");
        else digits(band);
      }
      put('}');
    }
    put('\n');
    rows++;
    if (length >= SEND_AT) send();
  }

  long rows() {
    return rows;
  }

  /** Sends what is buffered and ends the COPY; the table is then complete. */
  void finish() {
    try {
      send();
      if (open != null) open.endCopy();
      open = null;
    } catch (SQLException e) {
      throw new IllegalStateException("Staging rows failed: " + e.getMessage(), e);
    }
  }

  /** Cancels an open COPY (the import failed), so the connection can roll back. */
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
      if (open == null) open = copy.copyIn("copy " + NAME + " (" + COLUMNS + ") from stdin");
      open.writeToCopy(buffer, 0, length);
    } catch (SQLException e) {
      throw new IllegalStateException("Staging rows failed: " + e.getMessage(), e);
    }
    length = 0;
  }

  // ---------------------------------------------------------------- COPY text format, as UTF-8

  private void separator() {
    put('\t');
  }

  private void number(Long value) {
    separator();
    if (value == null) ascii("\\N");
    else digits(value);
  }

  private void number(Integer value) {
    separator();
    if (value == null) ascii("\\N");
    else digits(value);
  }

  private void date(LocalDate value) {
    separator();
    if (value == null) ascii("\\N");
    else ascii(value.toString());
  }

  private void text(String value) {
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

  private void digits(long value) {
    ascii(Long.toString(value));
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
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
