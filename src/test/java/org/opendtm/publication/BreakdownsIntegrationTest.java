package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opendtm.publication.PopulationBreakdown.SexAgeBand;
import org.opendtm.publication.PopulationBreakdown.ShelterCount;
import org.opendtm.publication.internal.BreakdownBackfill;
import org.opendtm.tracking.RoundReopening;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sex-and-age and shelter breakdowns computed at publication: per unit at every level, per
 * type, summing to the figures; switched in with the revision; back-filled for older revisions.
 */
class BreakdownsIntegrationTest extends PublicationTestSupport {

  @Autowired BreakdownBackfill backfill;

  /** admin 0 > A (A1, A2), B (B1). */
  private PublicationTestData operation(String code) {
    return PublicationTestData.operation(jdbc, code, "Ops " + code, "XBD", "Breakdania", 2)
        .unit(0, code + "-0", "Breakdania", null)
        .unit(1, code + "-A", "Alpha", code + "-0")
        .unit(2, code + "-A1", "Alpha One", code + "-A")
        .unit(2, code + "-A2", "Alpha Two", code + "-A")
        .unit(1, code + "-B", "Beta", code + "-0")
        .unit(2, code + "-B1", "Beta One", code + "-B");
  }

  private long fill(PublicationTestData data, long round, int scale) {
    String c = data.code();
    long a1 = data.assessment(round, "BA", c + "-A1");
    data.figureWithBands(
            a1, "Conflict", 20 * scale, "Host family", 1, 10, 20, 30, 5, 2, 12, 18, 25, 4)
        .figureWithBands(a1, "Natural disaster", 5, "Camp", 0, 3, 4, 6, 1, 1, 2, 5, 7, 0);
    long a2 = data.assessment(round, "BA", c + "-A2");
    data.figureWithBands(a2, "Conflict", 12, null, 2, 8, 9, 15, 3, 1, 7, 11, 16, 2);
    // a figure without bands: counted in shelters, not in the pyramid
    data.figure(a2, "IDP", "Conflict", null, 10, 45 * scale, 20 * scale, 25 * scale);
    data.figure(a2, "RETURNEE", null, null, 4, 17, null, null);
    long b1 = data.assessment(round, "BA", c + "-B1");
    data.figureWithBands(b1, "Conflict", 30, "Camp", 3, 14, 25, 40, 6, 4, 13, 22, 38, 5);
    // a site assessment of the same area: its own type, never added to the baseline
    long site = data.assessment(round, "SA", c + "-A1");
    data.figureWithBands(site, "Conflict", 9, "Camp", 1, 4, 6, 9, 2, 1, 5, 5, 8, 1);
    return a1;
  }

  private static long sum(List<SexAgeBand> bands) {
    long total = 0;
    for (SexAgeBand b : bands) total += b.females() + b.males();
    return total;
  }

  private static long sumShelters(PopulationBreakdown b) {
    return b.shelters().stream().mapToLong(ShelterCount::individuals).sum();
  }

  @Test
  void breakdownsAddUpToTheFiguresOfEachTypeAtEveryLevel() {
    PublicationTestData data = operation("BDA");
    long round = data.round(1, LocalDate.of(2024, 1, 31));
    fill(data, round, 1);
    publish(data, round);

    PopulationBreakdown national =
        publication.findBreakdown("BDA", 1, "BA", "IDP", null).orElseThrow();
    assertThat(national.adminLevel()).isZero();
    assertThat(national.sexAge())
        .extracting(SexAgeBand::band)
        .containsExactly("0_0", "1_5", "6_17", "18_59", "60");
    // female 0_0: 1 + 0 (A1) + 2 (A2) + 3 (B1); male 60: 4 + 0 + 2 + 5
    assertThat(national.sexAge().get(0).females()).isEqualTo(6);
    assertThat(national.sexAge().get(4).males()).isEqualTo(11);
    long banded = 127 + 29 + 74 + 170;
    assertThat(sum(national.sexAge())).isEqualTo(banded);
    assertThat(national.bandedIndividuals()).isEqualTo(banded);

    // every IDP figure counts in the shelters: they add up to the published admin-0 total
    long published =
        publication
            .listAggregates("BDA", 1, new AggregateQuery(0, "IDP", "BA", null, Breakdown.NONE))
            .stream()
            .mapToLong(AggregateRow::individuals)
            .sum();
    assertThat(published).isEqualTo(banded + 45);
    assertThat(sumShelters(national)).isEqualTo(published);
    assertThat(national.individuals()).isEqualTo(published);
    Map<String, Long> shelters =
        national.shelters().stream()
            .collect(Collectors.toMap(ShelterCount::shelter, ShelterCount::individuals));
    assertThat(shelters)
        .containsEntry("Host family", 127L)
        .containsEntry("Camp", 29L + 170L)
        .containsEntry("Not reported", 74L + 45L);

    // admin 1 = sum of its admin 2, at each band
    PopulationBreakdown alpha =
        publication.findBreakdown("BDA", 1, "BA", "IDP", "BDA-A").orElseThrow();
    PopulationBreakdown a1 =
        publication.findBreakdown("BDA", 1, "BA", "IDP", "BDA-A1").orElseThrow();
    PopulationBreakdown a2 =
        publication.findBreakdown("BDA", 1, "BA", "IDP", "BDA-A2").orElseThrow();
    assertThat(alpha.adminLevel()).isEqualTo(1);
    assertThat(alpha.name()).isEqualTo("Alpha");
    for (int i = 0; i < 5; i++) {
      assertThat(alpha.sexAge().get(i).females())
          .isEqualTo(a1.sexAge().get(i).females() + a2.sexAge().get(i).females());
      assertThat(alpha.sexAge().get(i).males())
          .isEqualTo(a1.sexAge().get(i).males() + a2.sexAge().get(i).males());
    }
    assertThat(sumShelters(alpha)).isEqualTo(sumShelters(a1) + sumShelters(a2));

    // the site assessment is its own type: only its own figure
    PopulationBreakdown sites =
        publication.findBreakdown("BDA", 1, "SA", "IDP", null).orElseThrow();
    assertThat(sum(sites.sexAge())).isEqualTo(42);
    assertThat(sites.shelters()).containsExactly(new ShelterCount("Camp", 42L));

    // returnees carry no bands: shelters only
    PopulationBreakdown returnees =
        publication.findBreakdown("BDA", 1, "BA", "RETURNEE", null).orElseThrow();
    assertThat(returnees.sexAge()).isEmpty();
    assertThat(returnees.shelters()).containsExactly(new ShelterCount("Not reported", 17L));

    assertThatThrownBy(() -> publication.findBreakdown("BDA", 1, null, "IDP", null))
        .hasMessageContaining("one assessment type");
  }

  @Test
  void aNewRevisionReplacesTheBreakdownsAndAFailedOneLeavesTheOld() {
    PublicationTestData data = operation("BDR");
    long round = data.round(1, LocalDate.of(2024, 2, 29));
    fill(data, round, 1);
    publish(data, round);
    long before =
        sum(publication.findBreakdown("BDR", 1, "BA", "IDP", null).orElseThrow().sexAge());

    data.deleteFigures(round);
    long a1 = data.assessment(round, "BA", "BDR-A1");
    data.figureWithBands(a1, "Conflict", 40, "Camp", 10, 20, 30, 40, 50, 10, 20, 30, 40, 50);
    publish(data, round);

    PopulationBreakdown now = publication.findBreakdown("BDR", 1, "BA", "IDP", null).orElseThrow();
    assertThat(sum(now.sexAge())).isEqualTo(300).isNotEqualTo(before);
    assertThat(now.shelters()).containsExactly(new ShelterCount("Camp", 300L));
    // the units without figures in revision 2 have no breakdown in it
    PopulationBreakdown beta =
        publication.findBreakdown("BDR", 1, "BA", "IDP", "BDR-B1").orElseThrow();
    assertThat(beta.sexAge()).isEmpty();
    assertThat(beta.shelters()).isEmpty();
    // revision 1's rows are kept, as its aggregates are
    assertThat(
            jdbc.sql(
                    "select count(*) from publication.sex_age_total where round_id = :r and revision = 1")
                .param("r", round)
                .query(Long.class)
                .single())
        .isPositive();

    // a publication rolled back leaves revision 2's breakdowns current and stores nothing
    data.figureWithBands(a1, "Conflict", 1, "Camp", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      publishInCurrentTransaction(data, round);
                      throw new IllegalStateException("failed after the breakdowns");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sum(publication.findBreakdown("BDR", 1, "BA", "IDP", null).orElseThrow().sexAge()))
        .isEqualTo(300);
    assertThat(
            jdbc.sql("select count(*) from publication.breakdown_revision where round_id = :r")
                .param("r", round)
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void revisionsPublishedBeforeBreakdownsAreBackFilledUnlessReopened() {
    PublicationTestData data = operation("BDB");
    long round1 = data.round(1, LocalDate.of(2024, 3, 31));
    fill(data, round1, 1);
    publish(data, round1);
    long round2 = data.round(2, LocalDate.of(2024, 4, 30));
    fill(data, round2, 2);
    publish(data, round2);
    long expected =
        sum(publication.findBreakdown("BDB", 1, "BA", "IDP", null).orElseThrow().sexAge());
    // both computed after their publications (a read waits for them)
    assertThat(publication.findBreakdown("BDB", 2, "BA", "IDP", null)).isPresent();
    // as an upgraded database: revisions without breakdowns (the rows go with them)
    jdbc.sql("delete from publication.breakdown_revision where round_id in (:r1, :r2)")
        .param("r1", round1)
        .param("r2", round2)
        .update();
    assertThat(
            jdbc.sql("select count(*) from publication.shelter_total where round_id in (:r1, :r2)")
                .param("r1", round1)
                .param("r2", round2)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(publication.findBreakdown("BDB", 1, "BA", "IDP", null)).isEmpty();
    // round 2 was reopened for a correction since: its figures are no longer the revision's
    jdbc.sql("update tracking.round set status = 'IN_REVIEW' where id = :r")
        .param("r", round2)
        .update();

    assertThat(backfill.backfill()).isGreaterThanOrEqualTo(1);

    PopulationBreakdown back = publication.findBreakdown("BDB", 1, "BA", "IDP", null).orElseThrow();
    assertThat(sum(back.sexAge())).isEqualTo(expected);
    assertThat(publication.findBreakdown("BDB", 2, "BA", "IDP", null)).isEmpty();
    assertThat(
            jdbc.sql("select source from publication.breakdown_revision where round_id = :r")
                .param("r", round1)
                .query(String.class)
                .single())
        .isEqualTo("BACKFILL");
    assertThat(backfill.backfill()).isZero(); // once
  }

  /**
   * Breakdowns are computed after the publication commits. A reopening that comes before they are
   * stored computes them itself, from the figures still published, before a correction can change
   * them; the worker then finds the round reopened and leaves them.
   */
  @Test
  void aRoundReopenedBeforeItsBreakdownsAreStoredGetsThemFromThePublishedFigures() {
    PublicationTestData data = operation("BDO");
    long round = data.round(1, LocalDate.of(2024, 5, 31));
    fill(data, round, 1);
    publish(data, round);
    PopulationBreakdown published =
        publication.findBreakdown("BDO", 1, "BA", "IDP", null).orElseThrow();
    // as if the worker had not run yet
    jdbc.sql("delete from publication.breakdown_revision where round_id = :r")
        .param("r", round)
        .update();

    transactions.executeWithoutResult(
        status -> {
          jdbc.sql("select id from tracking.round where id = :r for update")
              .param("r", round)
              .query(Long.class)
              .single();
          events.publishEvent(new RoundReopening(data.operationId(), data.code(), round, 1, 1));
          jdbc.sql("update tracking.round set status = 'IN_REVIEW' where id = :r")
              .param("r", round)
              .update();
        });
    assertThat(
            jdbc.sql(
                    "select source from publication.breakdown_revision where round_id = :r"
                        + " and revision = 1")
                .param("r", round)
                .query(String.class)
                .single())
        .isEqualTo("PUBLISH");

    // the correction changes the figures; revision 1 keeps the breakdowns of its own figures
    data.deleteFigures(round);
    long a1 = data.assessment(round, "BA", "BDO-A1");
    data.figureWithBands(a1, "Conflict", 40, "Camp", 10, 20, 30, 40, 50, 10, 20, 30, 40, 50);
    assertThat(backfill.backfill()).isZero(); // nothing to compute for a reopened round
    publish(data, round);
    assertThat(sum(publication.findBreakdown("BDO", 1, "BA", "IDP", null).orElseThrow().sexAge()))
        .isEqualTo(300);
    assertThat(
            jdbc.sql(
                    """
                    select sum(individuals) from publication.shelter_total
                     where round_id = :r and revision = 1 and admin_level = 0
                       and assessment_type = 'BA' and population_group = 'IDP'
                    """)
                .param("r", round)
                .query(Long.class)
                .single())
        .isEqualTo(sumShelters(published));
  }
}
