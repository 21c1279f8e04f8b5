package org.opendtm.tracking.internal;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A per-import temporary table that good rows are streamed into with COPY, in batches of about a
 * megabyte, so that an import never holds its file and never runs a query per row. Dropped with the
 * transaction.
 */
final class StagingTable {

  static final String NAME = "import_staging";

  private static final String COLUMNS =
      "source_row, level, assessment_type, place, place_name, pcode_written, pcode_rule,"
          + " admin_unit_id, unit_pcode, location_id, location_code, informants, collected_on,"
          + " event_date, event_cause, population_group, reason, origin_admin_unit_id,"
          + " origin_pcode, arrival_period, shelter, households, individuals, males, females,"
          + " sex_age";

  private static final int FLUSH_AT = 1 << 20;

  private final CopyManager copy;
  private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
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
    StringBuilder b = buffer;
    b.append(row.sourceRow);
    field(row.level);
    field(row.assessmentType);
    field(row.place);
    field(row.placeName);
    field(row.pcodeWritten);
    field(row.pcodeRule);
    field(row.adminUnitId);
    field(row.unitPcode);
    field(row.locationId);
    field(row.locationCode);
    field(row.informants);
    field(row.collectedOn);
    field(row.eventDate);
    field(row.eventCause);
    field(row.group);
    field(row.reason);
    field(row.originId);
    field(row.originPcode);
    field(row.arrival);
    field(row.shelter);
    field(row.households);
    field(row.individuals);
    field(row.males);
    field(row.females);
    b.append('\t');
    if (row.sexAge == null) {
      b.append("\\N");
    } else {
      b.append('{');
      for (int i = 0; i < row.sexAge.length; i++) {
        if (i > 0) b.append(',');
        b.append(row.sexAge[i] == null ? "NULL" : row.sexAge[i].toString());
      }
      b.append('}');
    }
    b.append('\n');
    rows++;
    if (b.length() >= FLUSH_AT) flush();
  }

  long rows() {
    return rows;
  }

  private void field(Object value) {
    buffer.append('\t');
    if (value == null) {
      buffer.append("\\N");
      return;
    }
    String text = value.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> buffer.append("\\\\");
        case '\t' -> buffer.append("\\t");
        case '\n' -> buffer.append("\\n");
        case '\r' -> buffer.append("\\r");
        default -> buffer.append(c);
      }
    }
  }

  void flush() {
    if (buffer.isEmpty()) return;
    try {
      copy.copyIn(
          "copy " + NAME + " (" + COLUMNS + ") from stdin", new StringReader(buffer.toString()));
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("Staging rows failed: " + e.getMessage(), e);
    }
    buffer.setLength(0);
  }
}
