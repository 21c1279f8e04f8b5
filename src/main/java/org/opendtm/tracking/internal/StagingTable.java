package org.opendtm.tracking.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.postgresql.PGConnection;

/**
 * A per-import temporary table that the figures of good rows are streamed into with one COPY for
 * the whole file ({@link CopyWriter}), so that an import never holds its file and never runs a
 * query per row: PostgreSQL parses and stores them on its own core while the reader checks the next
 * rows. Dropped with the transaction.
 *
 * <p>A staged figure names its place by the index the reader gave it ({@link ImportPlaces}), not by
 * its text: the assessments are written from memory once the file is read, with ids reserved from
 * their sequence, and the figures then move to {@code tracking.population_figure} with one INSERT
 * that looks their assessment's id up by that index in an array (no grouping, no join, no sort).
 *
 * <p>While the COPY is open the connection runs nothing else: {@link #finish} ends it (or {@link
 * #abort} cancels it, when the import fails) before the importer's next statement.
 */
final class StagingTable implements FigureSink {

  static final String NAME = "import_staging";

  private static final String COLUMNS =
      "place_index, population_group, reason, origin_admin_unit_id, origin_pcode,"
          + " arrival_period, shelter, households, individuals, males, females, sex_age, suspect";

  private final CopyWriter copy;

  private StagingTable(CopyWriter copy) {
    this.copy = copy;
  }

  static StagingTable create(Connection connection) throws SQLException {
    createTable(connection);
    return open(connection);
  }

  /** Creates the (empty) temporary table, dropping an earlier one of the same transaction. */
  static void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists pg_temp." + NAME);
      statement.execute(
          """
          create temp table import_staging (
            place_index int not null, population_group text not null, reason text,
            origin_admin_unit_id bigint, origin_pcode text, arrival_period text, shelter text,
            households int, individuals int, males int, females int, sex_age int[],
            suspect boolean not null
          ) on commit drop
          """);
    }
  }

  /** A COPY into the existing table, opened with the first rows. */
  static StagingTable open(Connection connection) throws SQLException {
    return new StagingTable(
        new CopyWriter(
            connection.unwrap(PGConnection.class).getCopyAPI(),
            "copy " + NAME + " (" + COLUMNS + ") from stdin"));
  }

  /**
   * One population figure of one file row. The reader also uses one for the row's place (type,
   * unit, location, dates), which {@link ImportPlaces} keeps once per place; a figure refers to it
   * by {@link #placeIndex}.
   */
  static final class Row {
    int placeIndex;
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

  /**
   * Stages one figure; {@code suspect}: a rule that looks at one figure could flag it ({@link
   * FigureChecks}), so validation after the import must look at it.
   */
  @Override
  public void add(Row row, boolean suspect) {
    copy.number((long) row.placeIndex);
    copy.text(row.group);
    copy.text(row.reason);
    copy.number(row.originId);
    // the written P-code matters only for an origin created by this import (no geography yet)
    copy.text(row.originId == null ? row.originPcode : null);
    copy.text(row.arrival);
    copy.text(row.shelter);
    copy.number(row.households);
    copy.number(row.individuals);
    copy.number(row.males);
    copy.number(row.females);
    copy.intArray(row.sexAge);
    copy.bool(suspect);
    copy.endRow();
  }

  long rows() {
    return copy.rows();
  }

  /** Sends what is buffered and ends the COPY; the table is then complete. */
  void finish() {
    copy.finish();
  }

  /** Cancels an open COPY (the import failed), so the connection can roll back. */
  void abort() {
    copy.abort();
  }
}
