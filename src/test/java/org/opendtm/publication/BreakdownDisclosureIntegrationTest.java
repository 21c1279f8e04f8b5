package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.opendtm.publication.PopulationBreakdown.SexAgeBand;
import org.opendtm.publication.PopulationBreakdown.ShelterCount;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Public reads of the sex-and-age and shelter breakdowns go through disclosure control: small cells
 * hidden, and enough complements that the published totals do not give them away.
 */
class BreakdownDisclosureIntegrationTest extends PublicationTestSupport {

  private static final int THRESHOLD = 10;

  @Autowired PublicReads publicReads;

  private PublicationTestData operation(String code, String settings) {
    return PublicationTestData.operation(
            jdbc, code, "Ops " + code, "XBS", "Smallcellia", 2, settings)
        .unit(0, code + "-0", "Smallcellia", null)
        .unit(1, code + "-A", "Alpha", code + "-0")
        .unit(2, code + "-A1", "Alpha One", code + "-A")
        .unit(2, code + "-A2", "Alpha Two", code + "-A")
        .unit(2, code + "-A3", "Alpha Three", code + "-A");
  }

  private long fill(PublicationTestData data) {
    String c = data.code();
    long round = data.round(1, LocalDate.of(2024, 5, 31));
    // two women aged 60 and over in A1: a small cell at A1, at Alpha and at admin 0
    data.figureWithBands(
        data.assessment(round, "BA", c + "-A1"),
        "Conflict",
        100,
        "Camp",
        50,
        60,
        70,
        80,
        2,
        55,
        65,
        75,
        85,
        30);
    data.figureWithBands(
        data.assessment(round, "BA", c + "-A2"),
        "Conflict",
        80,
        "Camp",
        40,
        50,
        60,
        70,
        0,
        45,
        55,
        65,
        75,
        20);
    long a3 = data.assessment(round, "BA", c + "-A3");
    data.figureWithBands(
        a3, "Conflict", 60, "Collective centre", 30, 40, 50, 60, 0, 35, 45, 55, 65, 25);
    // one household of 6 in a host family: the only one of its shelter type anywhere
    data.figureWithBands(a3, "Natural disaster", 1, "Host family", 1, 1, 1, 1, 0, 1, 1, 0, 0, 0);
    publish(data, round);
    return round;
  }

  private static void assertNoSmallCellPublished(PopulationBreakdown b) {
    for (SexAgeBand band : b.sexAge()) {
      for (Long v : new Long[] {band.females(), band.males()}) {
        if (v != null) assertThat(v == 0 || v >= THRESHOLD).as("published %d", v).isTrue();
      }
    }
    for (ShelterCount s : b.shelters()) {
      if (s.individuals() != null) {
        assertThat(s.individuals() >= THRESHOLD).as("published %s", s).isTrue();
      }
    }
  }

  private static long hiddenFemales(PopulationBreakdown b) {
    return b.sexAge().stream().map(SexAgeBand::females).filter(Objects::isNull).count();
  }

  @Test
  void smallBandsAndSheltersAreHiddenWithComplementsOnPublicReadsOnly() {
    PublicationTestData data = operation("BDS", "{}");
    long round = fill(data);

    // signed in: everything as published
    PopulationBreakdown all = publication.findBreakdown("BDS", 1, "BA", "IDP", null).orElseThrow();
    assertThat(all.sexAge().get(4).females()).isEqualTo(2);
    assertThat(all.suppressed()).isFalse();

    for (String pcode : new String[] {null, "BDS-A", "BDS-A1"}) {
      PopulationBreakdown open = publicReads.findBreakdown("BDS", 1, "BA", pcode).orElseThrow();
      assertThat(open.suppressed()).as(pcode).isTrue();
      assertNoSmallCellPublished(open);
      // women 60+ are 2: hidden; with the unit's published number of females, one hidden band
      // alone would be their difference, so a second female band is hidden too
      assertThat(open.sexAge().get(4).females()).as(pcode).isNull();
      assertThat(hiddenFemales(open)).as(pcode).isGreaterThanOrEqualTo(2);
      // the men's side has no small cell and stays published
      assertThat(open.sexAge().stream().map(SexAgeBand::males).filter(Objects::isNull)).isEmpty();
      // public reads carry no unpublished total
      assertThat(open.bandedIndividuals()).isNull();
      assertThat(open.individuals()).isNull();
    }
    // the host family (6 people, 1 household) and a complement: the shelters add up to the
    // published IDP total of the area
    PopulationBreakdown national = publicReads.findBreakdown("BDS", 1, "BA", null).orElseThrow();
    List<ShelterCount> hidden =
        national.shelters().stream().filter(s -> s.individuals() == null).toList();
    assertThat(hidden).extracting(ShelterCount::shelter).contains("Host family").hasSize(2);
    // A2 has no small cell, but the complements at Alpha need one of its siblings' cells
    PopulationBreakdown a2 = publicReads.findBreakdown("BDS", 1, "BA", "BDS-A2").orElseThrow();
    assertNoSmallCellPublished(a2);
    // the run is stored and reused
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from publication.breakdown_disclosure_run
                     where round_id = :round
                    """)
                .param("round", round)
                .query(Long.class)
                .single())
        .isEqualTo(1);

    // the public page shows the same: hidden counts as a dash, with the notice
    String page = anonymous.getForEntity(url("/public/operations/BDS"), String.class).getBody();
    assertThat(page).contains("id=\"pyramid-chart\"").contains("id=\"shelter-chart\"");
    String pyramidTable = page.substring(page.indexOf("id=\"pyramid-table\""));
    pyramidTable = pyramidTable.substring(0, pyramidTable.indexOf("</table>"));
    assertThat(pyramidTable).contains("—").doesNotContain(">2<");
    assertThat(page).contains("Small counts are hidden");
  }

  @Test
  void nothingFinerThanThePublicAdminLevelAndOnlyPublishedRounds() {
    PublicationTestData data = operation("BDL", "{\"publicAdminLevel\": 1}");
    fill(data);
    assertThat(publicReads.findBreakdown("BDL", 1, "BA", "BDL-A")).isPresent();
    assertThat(publicReads.findBreakdown("BDL", 1, "BA", "BDL-A1")).isEmpty();
    assertThat(publicReads.findBreakdown("BDL", 2, "BA", null)).isEmpty();
    assertThat(publicReads.findBreakdown("NOPE", 1, "BA", null)).isEmpty();
    // signed-in readers see the finer unit
    assertThat(publication.findBreakdown("BDL", 1, "BA", "IDP", "BDL-A1")).isPresent();
  }

  @Test
  void bandsDoNotGiveAwayATotalTheFiguresHid() {
    PublicationTestData data = operation("BDJ", "{}");
    String c = data.code();
    long round = data.round(1, LocalDate.of(2024, 6, 30));
    data.figureWithBands(
        data.assessment(round, "BA", c + "-A1"),
        "Conflict",
        100,
        "Camp",
        50,
        50,
        50,
        50,
        50,
        50,
        50,
        50,
        50,
        50);
    // 6 people in 2 households: hidden in the public figures, and A3's 80 hidden as complement
    data.figureWithBands(
        data.assessment(round, "BA", c + "-A2"),
        "Conflict",
        2,
        "Camp",
        1,
        1,
        1,
        0,
        0,
        1,
        1,
        1,
        0,
        0);
    data.figureWithBands(
        data.assessment(round, "BA", c + "-A3"),
        "Conflict",
        20,
        "Camp",
        10,
        10,
        10,
        10,
        0,
        10,
        10,
        10,
        10,
        0);
    publish(data, round);
    assertThat(
            anonymous
                .getForEntity(url("/dtm/v3/displacement/admin2?Operation=BDJ"), String.class)
                .getBody())
        .doesNotContain("\"numPresentIdpInd\":80");

    // A3's bands are all 10 or more, but all of them would add up to its hidden 40 women and
    // 40 men, and Alpha's published total minus A1 minus A3 would be A2's 6
    PopulationBreakdown a3 = publicReads.findBreakdown("BDJ", 1, "BA", "BDJ-A3").orElseThrow();
    assertNoSmallCellPublished(a3);
    assertThat(hiddenFemales(a3)).isPositive();
    assertThat(a3.sexAge().stream().map(SexAgeBand::males).filter(Objects::isNull)).isNotEmpty();
    // its only shelter would be its total too
    assertThat(a3.shelters()).containsExactly(new ShelterCount("Camp", null));
  }

  @Test
  void largeCountsAreAllPublishedWithoutTheEngine() {
    PublicationTestData data = operation("BDF", "{}");
    String c = data.code();
    long round = data.round(1, LocalDate.of(2024, 7, 31));
    for (String unit : new String[] {"-A1", "-A2", "-A3"}) {
      data.figureWithBands(
          data.assessment(round, "BA", c + unit),
          "Conflict",
          60,
          "Camp",
          20,
          30,
          40,
          50,
          10,
          25,
          35,
          45,
          55,
          15);
    }
    publish(data, round);
    for (String pcode : new String[] {null, "BDF-A", "BDF-A2"}) {
      PopulationBreakdown open = publicReads.findBreakdown("BDF", 1, "BA", pcode).orElseThrow();
      assertThat(open.suppressed()).isFalse();
      assertThat(open.sexAge()).allMatch(b -> b.females() != null && b.males() != null).hasSize(5);
    }
    assertThat(
            jdbc.sql(
                    """
                    select hidden_cells from publication.breakdown_disclosure_run
                     where round_id = :round and current
                    """)
                .param("round", round)
                .query(Integer.class)
                .single())
        .isZero();
  }
}
