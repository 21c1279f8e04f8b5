package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.tracking.internal.PlaceTotals;
import org.opendtm.tracking.internal.Validation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ROUND_CHANGE compares an import with the previous round's sums per place kept since its
 * publication, in memory (docs/perf.md section 20). Its flags must be exactly those of the
 * comparison in the database, from the kept sums or from both rounds' stored figures; the kept sums
 * must be the published revision's and follow a correction.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoundChangeFromKeptSumsIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired Validation validation;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcClient jdbc;
  @Autowired PlaceTotals placeTotals;

  @TempDir Path dir;

  private static final String HEADER =
      """
      Admin 2,Name,Type,Reason,Origin 1,IDP HH,IDP Ind,Returnees
      #adm2+pcode,#adm2+name,#assessment+type,#cause+type,#adm1+code+origin,#affected+idp+hh,#affected+idp+ind,#affected+returnees+ind
      """;

  private static final String ROUND_1 =
      HEADER
          + """
          CAF0101,Kaga,BA,Conflict,CAF02,20,100,10
          CAF0102,Ndele,BA,Conflict,CAF02,10,50,10
          CAF0102,Ndele,BA,Economic,CAF01,6,30,
          CAF0201,Birao,BA,Conflict,CAF01,12,60,100
          CAF0102,Ndele,SA,Conflict,CAF02,4,20,
          CAF0201,Birao,SA,Conflict,CAF01,40,200,
          """;

  /**
   * CAF0101 BA IDPs tripled; CAF0102 BA IDPs 80 → 121 (+51 %, over the threshold) over two rows;
   * CAF0201 BA IDPs 60 → 90 (exactly +50 %: not over) and returnees 100 → 20; CAF0102 BA returnees
   * 10 → 40 (below the minimum of 50 people); CAF0102 SA 20 → 200; CAF0201 SA unchanged; returnees
   * of CAF0101 no longer given.
   */
  private static final String ROUND_2 =
      HEADER
          + """
          CAF0101,Kaga,BA,Conflict,CAF02,60,300,
          CAF0102,Ndele,BA,Conflict,CAF02,10,50,40
          CAF0102,Ndele,BA,Economic,CAF01,14,71,
          CAF0201,Birao,BA,Conflict,CAF01,18,90,20
          CAF0102,Ndele,SA,Conflict,CAF02,40,200,
          CAF0201,Birao,SA,Conflict,CAF01,40,200,
          """;

  @Test
  void comparesInMemoryWithTheKeptSumsAsTheDatabaseComparesTheFigures(CapturedOutput output)
      throws IOException {
    Operation operation = TrackingFixtures.operationWithGeography(geography, jdbc, "RCK");
    tracking.createRound("RCK", 1, TrackingFixtures.ROUND_DATE);
    importFile(1, ROUND_1);
    tracking.publish("RCK", 1, "loaded", "admin");
    long round1 = roundId(operation, 1);
    awaitKeptSums(round1, 1);
    assertThat(keptSums(round1)).isEqualTo(summedFigures(round1)).hasSize(8);

    Round round = tracking.createRound("RCK", 2, TrackingFixtures.ROUND_DATE.plusMonths(1));
    int mark = output.getOut().length();
    importFile(2, ROUND_2);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (in memory)");
    Set<String> inMemory = flags(2);
    assertThat(messages(2))
        .containsExactlyInAnyOrder(
            "CAF0101 Kaga: IDP individuals went from 100 in round 1 to 300 (+200 %)",
            "CAF0102 Ndele: IDP individuals went from 80 in round 1 to 121 (+51 %)",
            "CAF0201 Birao: returnee individuals went from 100 in round 1 to 20 (-80 %)",
            "CAF0102 Ndele: IDP individuals went from 20 in round 1 to 200 (+900 %)");
    assertThat(flags(2).stream().filter(f -> f.contains("ROUND_CHANGE|SA|CAF0102|IDP"))).hasSize(1);

    mark = output.getOut().length();
    revalidate(round, operation);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (figures with kept sums)");
    assertThat(flags(2)).isEqualTo(inMemory);

    // without kept sums (a database upgraded from a version without them): from the figures
    jdbc.sql("delete from tracking.place_total_revision where round_id = :round")
        .param("round", round1)
        .update();
    mark = output.getOut().length();
    revalidate(round, operation);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (figures with figures)");
    assertThat(flags(2)).isEqualTo(inMemory);

    // an import while none are kept compares in the database, with the same flags
    mark = output.getOut().length();
    importFile(2, ROUND_2);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (figures with figures)");
    Set<String> reimported = flags(2);
    assertThat(messages(2)).hasSize(4);
    revalidate(round, operation);
    assertThat(flags(2)).isEqualTo(reimported);

    // what a start does for rounds published without kept sums: they are summed again
    assertThat(placeTotals.keepMissing()).isPositive();
    assertThat(keptSums(round1)).isEqualTo(summedFigures(round1));
    mark = output.getOut().length();
    importFile(2, ROUND_2);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (in memory)");
    assertThat(messages(2)).hasSize(4);
  }

  @Test
  void aCorrectionOfThePreviousRoundIsComparedWithItsNewRevision(CapturedOutput output)
      throws IOException {
    Operation operation = TrackingFixtures.operationWithGeography(geography, jdbc, "RCL");
    tracking.createRound("RCL", 1, TrackingFixtures.ROUND_DATE);
    importFile("RCL", 1, ROUND_1);
    tracking.publish("RCL", 1, "loaded", "admin");
    long round1 = roundId(operation, 1);
    awaitKeptSums(round1, 1);
    tracking.createRound("RCL", 2, TrackingFixtures.ROUND_DATE.plusMonths(1));

    // reopened: round 2 has no published round before it, and nothing to compare
    tracking.reopen("RCL", 1, "CAF0101 counted twice", "admin");
    int mark = output.getOut().length();
    importFile("RCL", 2, ROUND_2);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (no previous round)");
    assertThat(messagesOf("RCL", 2)).isEmpty();

    // corrected (CAF0101 had 300 IDPs) and published again as revision 2: its sums are kept anew
    importFile(
        "RCL", 1, ROUND_1.replace(",BA,Conflict,CAF02,20,100,10", ",BA,Conflict,CAF02,60,300,10"));
    tracking.publish("RCL", 1, "corrected", "admin");
    awaitKeptSums(round1, 2);
    assertThat(keptSums(round1)).isEqualTo(summedFigures(round1));
    mark = output.getOut().length();
    importFile("RCL", 2, ROUND_2);
    assertThat(output.getOut().substring(mark)).contains("ROUND_CHANGE (in memory)");
    assertThat(messagesOf("RCL", 2)).hasSize(3).noneMatch(m -> m.startsWith("CAF0101"));
  }

  private long roundId(Operation operation, int number) {
    return jdbc.sql("select id from tracking.round where operation_id = :op and number = :n")
        .param("op", operation.id())
        .param("n", number)
        .query(Long.class)
        .single();
  }

  /** Waits for the background worker to keep the revision's sums. */
  private void awaitKeptSums(long round, int revision) {
    await(
        "kept sums of revision " + revision + " of round id " + round,
        () ->
            jdbc.sql(
                    """
                    select exists (select 1 from tracking.place_total_revision
                                    where round_id = :round and revision = :revision)
                    """)
                .param("round", round)
                .param("revision", revision)
                .query(Boolean.class)
                .single());
  }

  private Map<String, Long> keptSums(long round) {
    return jdbc
        .sql(
            """
            select t.assessment_type || '|' || t.place || '|' || g.grp, g.individuals
              from tracking.place_total t
             cross join lateral (values ('IDP', t.idp), ('RETURNEE', t.returnee),
                                        ('MIGRANT', t.migrant), ('HOST', t.host)) g(grp, individuals)
             where t.round_id = :round and g.individuals is not null
            """)
        .param("round", round)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private Map<String, Long> summedFigures(long round) {
    return jdbc
        .sql(
            """
            select a.assessment_type || '|' || a.place || '|' || f.population_group,
                   sum(f.individuals)
              from tracking.population_figure f join tracking.assessment a on a.id = f.assessment_id
             where a.round_id = :round and f.individuals is not null
             group by a.assessment_type, a.place, f.population_group
            """)
        .param("round", round)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private void revalidate(Round round, Operation operation) {
    new TransactionTemplate(transactions)
        .executeWithoutResult(t -> validation.run(round, operation));
  }

  private List<String> messages(int round) {
    return messagesOf("RCK", round);
  }

  private List<String> messagesOf(String operation, int round) {
    return tracking.listFlags(operation, round, null).stream()
        .filter(f -> f.rule().equals("ROUND_CHANGE") && f.status() != FlagStatus.RESOLVED)
        .map(ValidationFlag::message)
        .toList();
  }

  private Set<String> flags(int round) {
    return TrackingFixtures.flagLines(tracking, "RCK", round);
  }

  private void importFile(int round, String content) throws IOException {
    importFile("RCK", round, content);
  }

  private void importFile(String operation, int round, String content) throws IOException {
    TrackingFixtures.importCsv(tracking, dir, operation, round, content);
  }
}
