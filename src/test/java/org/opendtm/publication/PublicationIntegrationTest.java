package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicationIntegrationTest extends PublicationTestSupport {

  @Autowired UserManagement users;

  PublicationTestData data;
  long round1;

  /**
   * Nigeria-like: admin 0 NGA, two states, three LGAs, one ward. Round 1 has baseline (BA) figures
   * at LGAs and at one state (coarser), and one site (SA) figure at a ward.
   */
  @BeforeAll
  void fixtures() {
    data =
        PublicationTestData.operation(jdbc, "PUB-AGG", "Aggregation test", "NGA", "Nigeria", 3)
            .unit(0, "NGA", "Nigeria", null)
            .unit(1, "NG001", "Alpha", "NGA")
            .unit(1, "NG002", "Beta", "NGA")
            .unit(2, "NG001001", "Alpha North", "NG001")
            .unit(2, "NG001002", "Alpha South", "NG001")
            .unit(2, "NG002001", "Beta East", "NG002")
            .unit(3, "NG001001001", "Alpha North Ward", "NG001001");
    round1 = data.round(1, LocalDate.of(2024, 3, 31));
    long north = data.assessment(round1, "BA", "NG001001");
    data.figure(north, "IDP", "Conflict", "NG002001", 10, 50, 20, 30)
        .figure(north, "IDP", null, null, 5, 20, 8, 12);
    long south = data.assessment(round1, "BA", "NG001002");
    data.figure(south, "IDP", "Conflict", "NG002", 20, 100, 40, 60)
        .figure(south, "RETURNEE", "Conflict", null, 4, 16, 8, 8);
    long beta = data.assessment(round1, "BA", "NG002");
    data.figure(beta, "IDP", "Natural disaster", null, 2, 7, null, null);
    long ward = data.assessment(round1, "SA", "NG001001001");
    data.figure(ward, "IDP", "Conflict", "NG002", 3, 12, 6, 6);
    assertThat(publish(data, round1)).isEqualTo(1);
    users.createUser("pub-partner", "partner-password-1", false);
    users.grant("pub-partner", "PUB-AGG", OperationRole.PARTNER);
    users.createUser("pub-stranger", "stranger-password-1", false);
    users.grant("pub-stranger", "SOMEWHERE-ELSE", OperationRole.MANAGER);
  }

  @Test
  void admin0KeepsReasonsOriginsAndTypesApart() {
    List<AggregateRow> rows =
        publication.listAggregates(
            "PUB-AGG", 1, new AggregateQuery(0, "IDP", null, null, Breakdown.NONE));
    assertThat(rows)
        .extracting(
            AggregateRow::assessmentType,
            AggregateRow::pcode,
            AggregateRow::individuals,
            AggregateRow::households,
            AggregateRow::places)
        .containsExactly(tuple("BA", "NGA", 177L, 37L, 3L), tuple("SA", "NGA", 12L, 3L, 1L));
    // one figure without sex totals makes the BA total's sex split unknown, not partial
    assertThat(rows.get(0).males()).isNull();
    assertThat(rows.get(1).males()).isEqualTo(6L);

    List<AggregateRow> byOrigin =
        publication.listAggregates(
            "PUB-AGG", 1, new AggregateQuery(0, "IDP", "BA", null, Breakdown.ORIGIN));
    // the origins NG002001 (an LGA) and NG002 (a state) both map to the admin-1 Beta
    assertThat(byOrigin)
        .extracting(
            AggregateRow::originAdmin1Pcode,
            AggregateRow::originAdmin1Name,
            AggregateRow::individuals)
        .containsExactly(tuple("NG002", "Beta", 150L), tuple(null, null, 27L));

    List<AggregateRow> byReason =
        publication.listAggregates(
            "PUB-AGG", 1, new AggregateQuery(0, "IDP", "BA", null, Breakdown.REASON));
    assertThat(byReason)
        .extracting(AggregateRow::reason, AggregateRow::individuals, AggregateRow::males)
        .containsExactly(
            tuple("Conflict", 150L, 60L),
            tuple("Natural disaster", 7L, null),
            tuple("Not reported", 20L, 8L));
  }

  @Test
  void eachLevelCountsOnlyAssessmentsAtThatLevelOrFiner() {
    List<AggregateRow> admin1 =
        publication.listAggregates("PUB-AGG", 1, new AggregateQuery(1, "IDP", "BA", null, null));
    assertThat(admin1)
        .extracting(AggregateRow::pcode, AggregateRow::name, AggregateRow::individuals)
        .containsExactly(tuple("NG001", "Alpha", 170L), tuple("NG002", "Beta", 7L));

    List<AggregateRow> admin2 =
        publication.listAggregates("PUB-AGG", 1, new AggregateQuery(2, "IDP", "BA", null, null));
    // the state-level assessment in Beta does not count at admin 2
    assertThat(admin2)
        .extracting(
            AggregateRow::pcode,
            AggregateRow::admin1Pcode,
            AggregateRow::admin1Name,
            AggregateRow::individuals)
        .containsExactly(
            tuple("NG001001", "NG001", "Alpha", 70L), tuple("NG001002", "NG001", "Alpha", 100L));
    assertThat(admin2.get(0).admin0Name()).isEqualTo("Nigeria");

    List<AggregateRow> admin3 =
        publication.listAggregates("PUB-AGG", 1, new AggregateQuery(3, null, null, null, null));
    assertThat(admin3)
        .extracting(AggregateRow::assessmentType, AggregateRow::pcode, AggregateRow::individuals)
        .containsExactly(tuple("SA", "NG001001001", 12L));

    List<AggregateRow> returnees =
        publication.listAggregates(
            "PUB-AGG", 1, new AggregateQuery(null, "RETURNEE", null, "NG001", null));
    assertThat(returnees)
        .extracting(AggregateRow::adminLevel, AggregateRow::pcode, AggregateRow::individuals)
        .containsExactly(tuple(1, "NG001", 16L), tuple(2, "NG001002", 16L));
  }

  @Test
  void aRevisionReplacesThePreviousOneAtomicallyAndTheOldOneStaysReadable() {
    long round = data.round(2, LocalDate.of(2024, 6, 30));
    long a = data.assessment(round, "BA", "NG001001");
    data.figure(a, "IDP", "Conflict", null, 10, 40, 20, 20);
    long b = data.assessment(round, "BA", "NG002001");
    data.figure(b, "IDP", "Conflict", null, 10, 60, 30, 30);
    assertThat(publish(data, round)).isEqualTo(1);

    // a correction: Beta East had 90, and Alpha North is unchanged
    data.deleteFigures(round);
    long a2 = data.assessment(round, "BA", "NG001001");
    data.figure(a2, "IDP", "Conflict", null, 10, 40, 20, 20);
    long b2 = data.assessment(round, "BA", "NG002001");
    data.figure(b2, "IDP", "Conflict", null, 15, 90, 45, 45);
    assertThat(publish(data, round)).isEqualTo(2);

    List<AggregateRow> current =
        publication.listAggregates("PUB-AGG", 2, new AggregateQuery(0, "IDP", "BA", null, null));
    assertThat(current)
        .extracting(AggregateRow::revision, AggregateRow::individuals)
        .containsExactly(tuple(2, 130L));
    List<AggregateRow> old =
        publication.listRevisionAggregates(
            "PUB-AGG", 2, 1, new AggregateQuery(0, "IDP", "BA", null, null));
    assertThat(old)
        .extracting(AggregateRow::revision, AggregateRow::individuals)
        .containsExactly(tuple(1, 100L));

    var response =
        admin()
            .getForEntity(
                url("/api/v1/operations/PUB-AGG/published-rounds/2/revisions"), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode revisions = response.getBody();
    assertThat(revisions).hasSize(2);
    assertThat(revisions.get(0).path("current").asBoolean()).isFalse();
    assertThat(revisions.get(1).path("current").asBoolean()).isTrue();
    JsonNode changes = revisions.get(1).path("changes");
    assertThat(changes.path("previousRevision").asInt()).isEqualTo(1);
    JsonNode total = changes.path("totals").get(0);
    assertThat(total.path("assessmentType").asText()).isEqualTo("BA");
    assertThat(total.path("individualsBefore").asLong()).isEqualTo(100);
    assertThat(total.path("individualsAfter").asLong()).isEqualTo(130);
    assertThat(changes.path("unitsChanged").asInt()).isEqualTo(2); // Beta (adm1) and Beta East
    assertThat(changes.path("units").findValuesAsText("pcode"))
        .containsExactlyInAnyOrder("NG002", "NG002001");

    var oldOverHttp =
        admin()
            .getForEntity(
                url(
                    "/api/v1/operations/PUB-AGG/published-rounds/2/revisions/1/aggregates?adminLevel=0&group=IDP"),
                JsonNode.class);
    assertThat(oldOverHttp.getBody().get(0).path("individuals").asLong()).isEqualTo(100);
  }

  @Test
  void readersSeeTheOldRevisionUntilThePublishingTransactionCommits() throws Exception {
    long round = data.round(5, LocalDate.of(2024, 12, 31));
    long a = data.assessment(round, "BA", "NG001002");
    // 10 households: not a small cell, so the public API shows it (issue 4)
    data.figure(a, "IDP", "Conflict", null, 10, 10, 5, 5);
    publish(data, round);
    // public reads show revision 1 once its disclosure run is stored (docs/disclosure.md); that run
    // locks the revision's row when it is stored, which revision 2's open transaction below holds:
    // started first, it would keep revision 1 unprotected (and the round unseen) until its commit
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!publicIndividuals().contains("10") && System.nanoTime() < until) Thread.sleep(100);
    assertThat(publicIndividuals()).containsExactly("10");
    data.deleteFigures(round);
    long b = data.assessment(round, "BA", "NG001002");
    data.figure(b, "IDP", "Conflict", null, 10, 20, 10, 10);

    CountDownLatch published = new CountDownLatch(1);
    CountDownLatch readersDone = new CountDownLatch(1);
    ExecutorService publisher = Executors.newSingleThreadExecutor();
    try {
      Future<?> publishing =
          publisher.submit(
              () ->
                  transactions.executeWithoutResult(
                      status -> {
                        publishInCurrentTransaction(data, round);
                        published.countDown();
                        try {
                          readersDone.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      }));
      assertThat(published.await(30, TimeUnit.SECONDS)).isTrue();
      // revision 2 is written but not committed: partners still see revision 1, completely
      assertThat(
              publication.listAggregates(
                  "PUB-AGG", 5, new AggregateQuery(null, "IDP", "BA", null, null)))
          .extracting(AggregateRow::revision, AggregateRow::individuals)
          .containsOnly(tuple(1, 10L));
      assertThat(publicIndividuals()).containsExactly("10");
      readersDone.countDown();
      publishing.get(30, TimeUnit.SECONDS);
    } finally {
      readersDone.countDown();
      publisher.shutdown();
    }
    assertThat(
            publication.listAggregates(
                "PUB-AGG", 5, new AggregateQuery(null, "IDP", "BA", null, null)))
        .extracting(AggregateRow::revision, AggregateRow::individuals)
        .containsOnly(tuple(2, 20L));
  }

  @Test
  void aFailedPublicationLeavesThePreviousRevisionCurrent() {
    long round = data.round(3, LocalDate.of(2024, 9, 30));
    long a = data.assessment(round, "BA", "NG001001");
    data.figure(a, "IDP", "Conflict", null, 1, 5, 2, 3);
    publish(data, round);

    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      publishInCurrentTransaction(data, round);
                      throw new IllegalStateException("tracking failed after the event");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(publication.listRevisions("PUB-AGG", 3))
        .extracting(PublishedRevision::revision, PublishedRevision::current)
        .containsExactly(tuple(1, true));
  }

  @Test
  void aPublicationOutsideATransactionIsRefused() {
    long round = data.round(9, LocalDate.of(2025, 9, 30));
    assertThatThrownBy(
            () ->
                events.publishEvent(
                    new org.opendtm.tracking.RoundPublished(
                        data.operationId(),
                        "PUB-AGG",
                        round,
                        9,
                        LocalDate.of(2025, 9, 30),
                        1,
                        "x")))
        .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
  }

  @Test
  void timeSeriesHasOnePointPerRoundAndType() {
    var response =
        admin()
            .getForEntity(
                url("/api/v1/operations/PUB-AGG/timeseries?group=IDP&type=SA"), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).hasSize(1);
    assertThat(response.getBody().get(0).path("roundNumber").asInt()).isEqualTo(1);
    assertThat(response.getBody().get(0).path("individuals").asLong()).isEqualTo(12);

    List<TimeSeriesPoint> alpha = publication.timeSeries("PUB-AGG", "IDP", "BA", "NG001001");
    assertThat(alpha).extracting(TimeSeriesPoint::roundNumber).startsWith(1);
    assertThat(alpha.get(0).individuals()).isEqualTo(70);
  }

  @Test
  void aggregatesOverHttpWithBreakdownAndBadParameters() {
    var response =
        admin()
            .getForEntity(
                url(
                    "/api/v1/operations/PUB-AGG/aggregates?round=1&adminLevel=2&group=idp&type=BA&by=reason"),
                JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody().findValuesAsText("reason"))
        .containsExactly("Conflict", "Not reported", "Conflict");

    var bad =
        admin()
            .getForEntity(
                url("/api/v1/operations/PUB-AGG/aggregates?group=REFUGEE&type=XX"), JsonNode.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody().path("errors").findValuesAsText("field"))
        .containsExactly("group", "type");

    var unpublished =
        admin().getForEntity(url("/api/v1/operations/PUB-AGG/aggregates?round=77"), JsonNode.class);
    assertThat(unpublished.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unpublished.getBody().path("code").asText()).isEqualTo("ROUND_NOT_PUBLISHED");
  }

  @Test
  void theOwnApiNeedsALoginAndARoleInTheOperation() {
    String path = "/api/v1/operations/PUB-AGG/aggregates?round=1";
    assertThat(anonymous.getForEntity(url(path), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            anonymous
                .withBasicAuth("pub-stranger", "stranger-password-1")
                .getForEntity(url(path), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            anonymous
                .withBasicAuth("pub-stranger", "stranger-password-1")
                .getForEntity(
                    url("/api/v1/operations/PUB-AGG/published-rounds/1/revisions"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            anonymous
                .withBasicAuth("pub-partner", "partner-password-1")
                .getForEntity(url(path), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  /** IDP individuals of round 5 at admin 2 as the public DTM API gives them. */
  private List<String> publicIndividuals() {
    var dtm =
        anonymous.getForEntity(
            url("/dtm/v3/displacement/admin2?Operation=Aggregation test&FromRoundNumber=5"),
            JsonNode.class);
    return dtm.getBody().path("result").findValuesAsText("numPresentIdpInd");
  }
}
