package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewOperation;
import org.opendtm.geography.Operation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The kept sums of a round are summed only while the round is published at the revision asked for
 * (docs/perf.md section 20): a worker that comes after a reopening stores nothing, and one that
 * comes twice for a revision stores it once.
 */
class PlaceTotalsIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired PlaceTotals placeTotals;
  @Autowired JdbcClient jdbc;

  @TempDir Path dir;

  @Test
  void sumsOnlyWhileTheRoundIsPublishedAtTheRevision() throws IOException {
    Operation operation = geography.createOperation(new NewOperation("PTI", "Test PTI", "CAF"));
    geography.createProvisionalUnits(
        operation.id(),
        List.of(
            new NewAdminUnit(0, "CAF", "Central African Republic", null),
            new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
            new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
            new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01")));
    tracking.createRound("PTI", 1, LocalDate.of(2024, 3, 31));
    Path file = dir.resolve("round1.csv");
    Files.writeString(
        file,
        """
        Admin 2,Type,IDP HH,IDP Ind,Returnees
        #adm2+pcode,#assessment+type,#affected+idp+hh,#affected+idp+ind,#affected+returnees+ind
        CAF0101,BA,20,100,10
        CAF0102,BA,10,50,
        """,
        StandardCharsets.UTF_8);
    tracking.importAssessments(
        "PTI", 1, file, new ImportOptions("round1.csv", null, null, "admin"));
    tracking.publish("PTI", 1, "loaded", "admin");
    long round =
        jdbc.sql("select id from tracking.round where operation_id = :op and number = 1")
            .param("op", operation.id())
            .query(Long.class)
            .single();
    awaitKept(round, 1);
    assertThat(placeTotals.compute(round, 1)).as("already kept").isEqualTo(-1);
    assertThat(rows(round)).isEqualTo(2);

    // reopened before the worker came: it finds the round no longer published and stores nothing
    jdbc.sql("delete from tracking.place_total_revision where round_id = :round")
        .param("round", round)
        .update();
    tracking.reopen("PTI", 1, "checking", "admin");
    assertThat(placeTotals.compute(round, 1)).isEqualTo(-1);
    assertThat(placeTotals.isCurrent(round, 1)).isFalse();
    assertThat(placeTotals.loadPrevious(operation.id(), 2, "BA")).isNull();

    // published again: revision 2 is summed, and is what the next round loads
    tracking.publish("PTI", 1, "checked", "admin");
    awaitKept(round, 2);
    PlaceTotals.Previous previous = placeTotals.loadPrevious(operation.id(), 2, "BA");
    assertThat(previous.revision()).isEqualTo(2);
    assertThat(previous.individuals("CAF0101", "IDP")).isEqualTo(100L);
    assertThat(previous.individuals("CAF0101", "RETURNEE")).isEqualTo(10L);
    assertThat(previous.individuals("CAF0102", "RETURNEE")).isNull();
    assertThat(previous.individuals("CAF0199", "IDP")).isNull();
    assertThat(placeTotals.loadPrevious(operation.id(), 2, "SA").individuals()).isEmpty();
    assertThat(placeTotals.compute(round, 1)).as("an older revision").isEqualTo(-1);
    assertThat(placeTotals.isCurrent(round, 2)).isTrue();
    // kept in memory by the worker: the next load reads no rows, the same sums
    assertThat(placeTotals.loadPrevious(operation.id(), 2, "BA")).isSameAs(previous);
    // ... but only while the database keeps them for the revision
    jdbc.sql("delete from tracking.place_total_revision where round_id = :round")
        .param("round", round)
        .update();
    assertThat(placeTotals.loadPrevious(operation.id(), 2, "BA")).isNull();
  }

  private int rows(long round) {
    return jdbc.sql("select count(*) from tracking.place_total where round_id = :round")
        .param("round", round)
        .query(Integer.class)
        .single();
  }

  private void awaitKept(long round, int revision) {
    await("kept sums of revision " + revision, () -> placeTotals.isCurrent(round, revision));
  }
}
