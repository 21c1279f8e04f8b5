package org.opendtm.tracking.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundRevision;
import org.opendtm.tracking.RoundStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rounds and their published revisions. */
@Repository
public class Rounds {

  private static final String SELECT =
      """
      select r.id, r.operation_id, cast(:code as text) as operation_code, r.number,
             r.reporting_date, r.status, r.revision
        from tracking.round r
      """;

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  Rounds(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public boolean exists(long operationId, int number) {
    return jdbc.sql("select count(*) from tracking.round where operation_id = :op and number = :n")
            .param("op", operationId)
            .param("n", number)
            .query(Long.class)
            .single()
        > 0;
  }

  public long insert(long operationId, int number, LocalDate reportingDate) {
    return jdbc.sql(
            """
            insert into tracking.round (operation_id, number, reporting_date)
            values (:op, :n, :date) returning id
            """)
        .param("op", operationId)
        .param("n", number)
        .param("date", reportingDate)
        .query(Long.class)
        .single();
  }

  public List<Round> list(long operationId, String code) {
    return jdbc.sql(SELECT + " where r.operation_id = :op order by r.number")
        .param("op", operationId)
        .param("code", code)
        .query(Rounds::map)
        .list();
  }

  public Optional<Round> find(long operationId, String code, int number) {
    return jdbc.sql(SELECT + " where r.operation_id = :op and r.number = :n")
        .param("op", operationId)
        .param("code", code)
        .param("n", number)
        .query(Rounds::map)
        .optional();
  }

  /** The round, locked for the rest of the transaction so that imports and publishing queue up. */
  public Optional<Round> findForUpdate(long operationId, String code, int number) {
    return jdbc.sql(SELECT + " where r.operation_id = :op and r.number = :n for update of r")
        .param("op", operationId)
        .param("code", code)
        .param("n", number)
        .query(Rounds::map)
        .optional();
  }

  public void setStatus(long roundId, RoundStatus status) {
    jdbc.sql("update tracking.round set status = :status where id = :id")
        .param("status", status.name())
        .param("id", roundId)
        .update();
  }

  public void reopen(long roundId, String reason) {
    jdbc.sql(
            "update tracking.round set status = 'IN_REVIEW', reopen_reason = :reason where id = :id")
        .param("reason", reason)
        .param("id", roundId)
        .update();
  }

  /** Records the next revision and makes the round PUBLISHED; returns the revision number. */
  public int publish(long roundId, String user, String justification, Map<String, Object> changes) {
    int revision =
        jdbc.sql(
                """
                update tracking.round set revision = revision + 1, status = 'PUBLISHED'
                 where id = :id returning revision
                """)
            .param("id", roundId)
            .query(Integer.class)
            .single();
    jdbc.sql(
            """
            insert into tracking.round_revision
              (round_id, revision, published_by, justification, reason, changes)
            select id, :revision, :user, :justification, reopen_reason, cast(:changes as jsonb)
              from tracking.round where id = :id
            """)
        .param("id", roundId)
        .param("revision", revision)
        .param("user", user)
        .param("justification", justification)
        .param("changes", write(changes))
        .update();
    jdbc.sql("update tracking.round set reopen_reason = null where id = :id")
        .param("id", roundId)
        .update();
    return revision;
  }

  /** Replaces the changes recorded with a revision (its totals are known after the aggregates). */
  public void storeChanges(long roundId, int revision, Map<String, Object> changes) {
    jdbc.sql(
            """
            update tracking.round_revision set changes = cast(:changes as jsonb)
             where round_id = :id and revision = :revision
            """)
        .param("id", roundId)
        .param("revision", revision)
        .param("changes", write(changes))
        .update();
  }

  public List<RoundRevision> revisions(long roundId) {
    return jdbc.sql(
            """
            select round_id, revision, published_at, published_by, justification, reason,
                   changes::text as changes
              from tracking.round_revision where round_id = :id order by revision
            """)
        .param("id", roundId)
        .query(
            (rs, n) ->
                new RoundRevision(
                    rs.getLong("round_id"),
                    rs.getInt("revision"),
                    rs.getObject("published_at", OffsetDateTime.class),
                    rs.getString("published_by"),
                    rs.getString("justification"),
                    rs.getString("reason"),
                    read(rs.getString("changes"))))
        .list();
  }

  /** Assessments, households and individuals per assessment type and group: a revision's totals. */
  public Map<String, Object> totals(long roundId) {
    Map<String, Object> totals = new java.util.TreeMap<>();
    // The round's assessments by the round index, with a key: joining the round's figures to the
    // whole assessment table made the planner hash every round's assessments (2.4 million at 24
    // rounds of 100,000 locations), and a round condition on both sides lets a planner with stale
    // statistics nest two round scans.
    jdbc.sql("drop table if exists pg_temp.totals_assessment").update();
    jdbc.sql(
            """
            create temp table totals_assessment on commit drop as
            select id, assessment_type from tracking.assessment where round_id = :id
            """)
        .param("id", roundId)
        .update();
    jdbc.sql("alter table totals_assessment add primary key (id)").update();
    jdbc.sql("analyze totals_assessment").update();
    jdbc.sql(
            """
            select a.assessment_type, p.population_group, count(*) as places,
                   coalesce(sum(p.households), 0) as households,
                   coalesce(sum(p.individuals), 0) as individuals
              from (select assessment_id, population_group,
                           sum(households) as households, sum(individuals) as individuals
                      from tracking.population_figure
                     where round_id = :id
                     group by assessment_id, population_group) p
              join totals_assessment a on a.id = p.assessment_id
             group by 1, 2
            """)
        .param("id", roundId)
        .query(
            (rs, n) -> {
              totals.put(
                  rs.getString(1) + "/" + rs.getString(2),
                  Map.of(
                      "places", rs.getLong("places"),
                      "households", rs.getLong("households"),
                      "individuals", rs.getLong("individuals")));
              return null;
            })
        .list();
    return totals;
  }

  private String write(Map<String, Object> value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> read(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private static Round map(ResultSet rs, int row) throws SQLException {
    return new Round(
        rs.getLong("id"),
        rs.getLong("operation_id"),
        rs.getString("operation_code"),
        rs.getInt("number"),
        rs.getObject("reporting_date", LocalDate.class),
        RoundStatus.valueOf(rs.getString("status")),
        rs.getInt("revision"));
  }
}
