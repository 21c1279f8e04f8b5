package org.opendtm.tracking.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.tracking.FlagFilter;
import org.opendtm.tracking.FlagStatus;
import org.opendtm.tracking.Severity;
import org.opendtm.tracking.ValidationFlag;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Validation flags. New flags are first computed into the temporary table {@code flag_candidate},
 * then merged by fingerprint: a problem that recurs keeps its status and justification, one that no
 * longer occurs becomes RESOLVED.
 */
@Repository
public class ValidationFlags {

  private static final String SELECT =
      """
      select id, round_id, rule_code, severity, source, assessment_id, place, message,
             details::text as details, fingerprint, status, justification, decided_by, decided_at
        from tracking.validation_flag
      """;

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  ValidationFlags(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Creates (or empties) the candidate table for this transaction. */
  public void startCandidates() {
    jdbc.sql("drop table if exists pg_temp.flag_candidate").update();
    jdbc.sql(
            """
            create temp table flag_candidate (
              rule_code text not null, severity text not null, source text not null,
              assessment_id bigint, import_id bigint, place text not null, message text not null,
              details jsonb not null default '{}'::jsonb, fingerprint text not null
            ) on commit drop
            """)
        .update();
  }

  /**
   * Merges the candidates into the round's flags of this source.
   *
   * @param assessmentTypes the types whose flags of this source are merged (other types' flags
   *     stay); for IMPORT flags the types the import replaced; for RULE flags null or empty means
   *     every type (a whole round validated)
   */
  public void mergeCandidates(long roundId, String source, String[] assessmentTypes) {
    jdbc.sql(
            """
            insert into tracking.validation_flag as f
              (round_id, rule_code, severity, source, assessment_id, import_id, place, message,
               details, fingerprint)
            select distinct on (fingerprint) :round, rule_code, severity, source, assessment_id,
                   import_id, place, message, details, fingerprint
              from flag_candidate order by fingerprint, assessment_id
            on conflict (round_id, fingerprint) do update set
              rule_code = excluded.rule_code, severity = excluded.severity,
              source = excluded.source, assessment_id = excluded.assessment_id,
              import_id = excluded.import_id, place = excluded.place,
              message = excluded.message, details = excluded.details,
              status = case when f.status = 'RESOLVED' then 'OPEN' else f.status end,
              justification = case when f.status = 'RESOLVED' then null else f.justification end,
              decided_by = case when f.status = 'RESOLVED' then null else f.decided_by end,
              decided_at = case when f.status = 'RESOLVED' then null else f.decided_at end
            """)
        .param("round", roundId)
        .update();
    jdbc.sql(
            """
            update tracking.validation_flag f
               set status = 'RESOLVED', decided_by = 'validation', decided_at = now()
             where f.round_id = :round and f.source = :source and f.status <> 'RESOLVED'
               and ((:source = 'RULE' and cardinality(cast(:types as text[])) = 0)
                    or f.details ->> 'assessmentType' = any(:types))
               and not exists (select 1 from flag_candidate c where c.fingerprint = f.fingerprint)
            """)
        .param("round", roundId)
        .param("source", source)
        .param("types", assessmentTypes == null ? new String[0] : assessmentTypes)
        .update();
  }

  /** Import flags raised on an assessment that a reviewer deleted no longer apply. */
  public void resolveImportFlagsOf(long assessmentId) {
    jdbc.sql(
            """
            update tracking.validation_flag set status = 'RESOLVED', decided_by = 'validation',
                   decided_at = now()
             where assessment_id = :id and source = 'IMPORT' and status <> 'RESOLVED'
            """)
        .param("id", assessmentId)
        .update();
  }

  public List<ValidationFlag> list(long roundId, FlagFilter filter) {
    return jdbc.sql(
            SELECT
                + """
                 where round_id = :round
                   and (cast(:severity as text) is null or severity = :severity)
                   and (cast(:status as text) is null or status = :status)
                   and (cast(:rule as text) is null or rule_code = upper(:rule))
                 order by case severity when 'ERROR' then 0 else 1 end, rule_code, place, id
                """)
        .param("round", roundId)
        .param("severity", filter.severity() == null ? null : filter.severity().name())
        .param("status", filter.status() == null ? null : filter.status().name())
        .param("rule", filter.rule() == null || filter.rule().isBlank() ? null : filter.rule())
        .query(this::map)
        .list();
  }

  public Optional<ValidationFlag> find(long roundId, long flagId) {
    return jdbc.sql(SELECT + " where round_id = :round and id = :id")
        .param("round", roundId)
        .param("id", flagId)
        .query(this::map)
        .optional();
  }

  public void justify(long flagId, String justification, String user) {
    jdbc.sql(
            """
            update tracking.validation_flag set status = 'JUSTIFIED', justification = :text,
                   decided_by = :user, decided_at = now()
             where id = :id
            """)
        .param("id", flagId)
        .param("text", justification)
        .param("user", user)
        .update();
  }

  /** Bulk acceptance at publication: every open warning gets the publication's justification. */
  public int justifyOpenWarnings(long roundId, String justification, String user) {
    return jdbc.sql(
            """
            update tracking.validation_flag set status = 'JUSTIFIED', justification = :text,
                   decided_by = :user, decided_at = now()
             where round_id = :round and severity = 'WARNING' and status = 'OPEN'
            """)
        .param("round", roundId)
        .param("text", justification)
        .param("user", user)
        .update();
  }

  public Map<Severity, Long> openCounts(long roundId) {
    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) counts.put(s, 0L);
    jdbc.sql(
            """
            select severity, count(*) from tracking.validation_flag
             where round_id = :round and status = 'OPEN' group by severity
            """)
        .param("round", roundId)
        .query((rs, n) -> counts.put(Severity.valueOf(rs.getString(1)), rs.getLong(2)))
        .list();
    return counts;
  }

  /** Unresolved flags per rule. */
  public Map<String, Long> countsByRule(long roundId) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    jdbc.sql(
            """
            select rule_code, count(*) from tracking.validation_flag
             where round_id = :round and status <> 'RESOLVED' group by rule_code
            """)
        .param("round", roundId)
        .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2)))
        .list();
    return counts;
  }

  private ValidationFlag map(ResultSet rs, int row) throws SQLException {
    return new ValidationFlag(
        rs.getLong("id"),
        rs.getLong("round_id"),
        rs.getString("rule_code"),
        Severity.valueOf(rs.getString("severity")),
        rs.getString("source"),
        (Long) rs.getObject("assessment_id"),
        rs.getString("place"),
        rs.getString("message"),
        read(rs.getString("details")),
        rs.getString("fingerprint"),
        FlagStatus.valueOf(rs.getString("status")),
        rs.getString("justification"),
        rs.getString("decided_by"),
        rs.getObject("decided_at", OffsetDateTime.class));
  }

  private Map<String, Object> read(String text) {
    try {
      return json.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
