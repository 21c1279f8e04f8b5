package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What public readers get while a revision's suppression is being computed (docs/disclosure.md,
 * "When a new revision becomes public"): the round's previous protected revision at once, never the
 * new figures unprotected, and the new revision as soon as its run is stored; a round whose first
 * revision is not protected yet is not shown at all. The computation is held up by taking the
 * round's disclosure lock in another session, as a slow computation of a large round would.
 */
class DisclosureWhileProtectingIntegrationTest extends PublicationTestSupport {

  /** The advisory lock key under which a round's runs are computed (DisclosureControl). */
  private static final long LOCK = 0x44495343L;

  @Autowired DataSource dataSource;

  private PublicationTestData operation(String code) {
    return PublicationTestData.operation(jdbc, code, "Ops " + code, "XDW", "Waitland", 2)
        .unit(0, "XDW", "Waitland", null)
        .unit(1, code + "-A", "Alpha", "XDW")
        .unit(2, code + "-A1", "Alpha One", code + "-A")
        .unit(2, code + "-A2", "Alpha Two", code + "-A")
        .unit(2, code + "-A3", "Alpha Three", code + "-A");
  }

  private void figures(PublicationTestData data, long round, int a1) {
    data.figure(
            data.assessment(round, "BA", data.code() + "-A1"),
            "IDP",
            "Conflict",
            null,
            100,
            a1,
            a1 / 2,
            a1 - a1 / 2)
        .figure(
            data.assessment(round, "BA", data.code() + "-A2"), "IDP", "Conflict", null, 2, 6, 3, 3)
        .figure(
            data.assessment(round, "BA", data.code() + "-A3"),
            "IDP",
            "Conflict",
            null,
            20,
            80,
            40,
            40);
  }

  /** admin2 P-code -> record, for one round. */
  private Map<String, JsonNode> admin2(String operation, int round) {
    JsonNode body =
        anonymous
            .getForEntity(
                url(
                    "/dtm/v3/displacement/admin2?Operation="
                        + operation
                        + "&FromRoundNumber="
                        + round
                        + "&ToRoundNumber="
                        + round),
                JsonNode.class)
            .getBody();
    Map<String, JsonNode> result = new HashMap<>();
    body.path("result").forEach(r -> result.put(r.path("admin2Pcode").asText(), r));
    return result;
  }

  private static Long individuals(Map<String, JsonNode> cells, String pcode) {
    JsonNode value = cells.get(pcode).path("numPresentIdpInd");
    return value.isNull() ? null : value.asLong();
  }

  /** Holds the disclosure locks of the rounds in a session of its own until closed. */
  private final class HeldLocks implements AutoCloseable {
    private final Connection connection;
    private final List<Long> rounds;

    HeldLocks(List<Long> rounds) throws Exception {
      this.connection = dataSource.getConnection();
      this.rounds = rounds;
      for (long round : rounds) lock("select pg_advisory_lock(?)", round);
    }

    private void lock(String sql, long round) throws Exception {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, LOCK ^ round);
        statement.execute();
      }
    }

    @Override
    public void close() throws Exception {
      try {
        for (long round : rounds) lock("select pg_advisory_unlock(?)", round);
      } finally {
        connection.close();
      }
    }
  }

  private int runs(long round) {
    return jdbc.sql("select count(*) from publication.disclosure_run where round_id = :round")
        .param("round", round)
        .query(Integer.class)
        .single();
  }

  @Test
  void whileACorrectionIsProtectedReadersGetThePreviousRevisionPromptlyThenTheNewOne()
      throws Exception {
    PublicationTestData data = operation("DSW1");
    long round = data.round(1, LocalDate.of(2024, 4, 30));
    figures(data, round, 500);
    publish(data, round);
    assertThat(individuals(admin2("DSW1", 1), "DSW1-A1")).isEqualTo(500);

    long round2 = data.round(2, LocalDate.of(2024, 5, 31));
    figures(data, round2, 700);
    try (HeldLocks held = new HeldLocks(List.of(round, round2))) {
      // a correction of round 1 and a first revision of round 2, neither protectable for now
      data.deleteFigures(round);
      figures(data, round, 520);
      publish(data, round);
      publish(data, round2);

      Instant started = Instant.now();
      Map<String, JsonNode> cells = admin2("DSW1", 1);
      assertThat(Duration.between(started, Instant.now()))
          .as("a reader waits a bounded time, not for the protection")
          .isLessThan(Duration.ofSeconds(25));
      // revision 1 as it was published, suppression included: nothing of revision 2 unprotected
      assertThat(individuals(cells, "DSW1-A1")).isEqualTo(500);
      assertThat(individuals(cells, "DSW1-A2")).isNull();
      assertThat(individuals(cells, "DSW1-A3")).isNull();
      assertThat(cells.get("DSW1-A2").path("numberMales").isNull()).isTrue();
      // a round whose first revision is not protected is not public yet
      assertThat(admin2("DSW1", 2)).isEmpty();
      // nothing of the new revisions has a run yet: what was read was revision 1's
      assertThat(runs(round)).isEqualTo(1);
      assertThat(runs(round2)).isZero();
    }

    // once the runs are stored, the new revision and the new round are read
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Map<String, JsonNode> cells = admin2("DSW1", 1);
    while (!Long.valueOf(520).equals(individuals(cells, "DSW1-A1"))) {
      assertThat(Instant.now()).as("waiting for revision 2 to be shown").isBefore(deadline);
      Thread.sleep(100);
      cells = admin2("DSW1", 1);
    }
    assertThat(individuals(cells, "DSW1-A2")).isNull();
    assertThat(individuals(cells, "DSW1-A3")).isNull();
    // round 2's run is computed on the other background thread: it may be stored a moment after
    // round 1's (its computation was asked for long ago, so readers no longer wait for it)
    Map<String, JsonNode> second = admin2("DSW1", 2);
    while (second.isEmpty()) {
      assertThat(Instant.now()).as("waiting for round 2 to be shown").isBefore(deadline);
      Thread.sleep(100);
      second = admin2("DSW1", 2);
    }
    assertThat(individuals(second, "DSW1-A1")).isEqualTo(700);
    assertThat(individuals(second, "DSW1-A2")).isNull();
  }

  @Test
  void readersOfAnotherOperationDoNotWait() throws Exception {
    PublicationTestData slow = operation("DSW2");
    long slowRound = slow.round(1, LocalDate.of(2024, 6, 30));
    figures(slow, slowRound, 500);
    PublicationTestData other = operation("DSW3");
    long otherRound = other.round(1, LocalDate.of(2024, 6, 30));
    figures(other, otherRound, 300);
    publish(other, otherRound);
    assertThat(individuals(admin2("DSW3", 1), "DSW3-A1")).isEqualTo(300);

    try (HeldLocks held = new HeldLocks(List.of(slowRound))) {
      publish(slow, slowRound);
      // the background computation is stuck on DSW2; a new revision of DSW3 is still read
      other.deleteFigures(otherRound);
      figures(other, otherRound, 310);
      publish(other, otherRound);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      Map<String, JsonNode> cells = admin2("DSW3", 1);
      while (!Long.valueOf(310).equals(individuals(cells, "DSW3-A1"))) {
        assertThat(Instant.now()).as("waiting for DSW3 revision 2").isBefore(deadline);
        Thread.sleep(100);
        cells = admin2("DSW3", 1);
      }
      assertThat(admin2("DSW2", 1)).isEmpty();
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (admin2("DSW2", 1).isEmpty()) {
      assertThat(Instant.now()).as("waiting for DSW2 to be shown").isBefore(deadline);
      Thread.sleep(100);
    }
    assertThat(individuals(admin2("DSW2", 1), "DSW2-A2")).isNull();
  }

  @Test
  void anUnchangedRevisionReusesItsRunAndACorrectionStillHidesWhatRevisionOneHid() {
    PublicationTestData data = operation("DSW4");
    long round = data.round(1, LocalDate.of(2024, 7, 31));
    figures(data, round, 500);
    publish(data, round);
    assertThat(individuals(admin2("DSW4", 1), "DSW4-A2")).isNull();
    publish(data, round); // revision 2: the same figures
    assertThat(individuals(admin2("DSW4", 1), "DSW4-A3")).isNull();
    data.deleteFigures(round);
    figures(data, round, 520);
    publish(data, round); // revision 3: a correction of A1 only

    // public answers kept from revision 2 are served until revision 3's run is stored and they
    // are computed again (docs/perf.md section 14): poll, as a client would see it change
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    Map<String, JsonNode> cells = admin2("DSW4", 1);
    while (!Long.valueOf(520).equals(individuals(cells, "DSW4-A1"))) {
      assertThat(Instant.now()).as("waiting for revision 3 to be shown").isBefore(deadline);
      sleep();
      cells = admin2("DSW4", 1);
    }
    // A2 (6 people in 2 households) and its complement stay hidden: showing A3 now would give
    // A2 away from the admin-1 totals of revisions 1 and 3
    assertThat(individuals(cells, "DSW4-A2")).isNull();
    assertThat(individuals(cells, "DSW4-A3")).isNull();
    List<Map<String, Object>> runs =
        jdbc.sql(
                """
                select revision, table_digest, hidden_digest from publication.disclosure_run
                 where round_id = :round order by revision
                """)
            .param("round", round)
            .query()
            .listOfRows();
    assertThat(runs).hasSize(3);
    // revision 2 published the same table as revision 1 with the same cells hidden
    assertThat(runs.get(1).get("table_digest")).isEqualTo(runs.get(0).get("table_digest"));
    assertThat(runs.get(1).get("hidden_digest")).isEqualTo(runs.get(0).get("hidden_digest"));
    assertThat(runs.get(2).get("table_digest")).isNotEqualTo(runs.get(0).get("table_digest"));
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
