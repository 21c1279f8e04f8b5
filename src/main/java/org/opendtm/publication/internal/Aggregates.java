package org.opendtm.publication.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.opendtm.publication.AggregateQuery;
import org.opendtm.publication.AggregateRow;
import org.opendtm.publication.Breakdown;
import org.opendtm.publication.PublishedRevision;
import org.opendtm.publication.TimeSeriesPoint;
import org.opendtm.publication.internal.disclosure.DisclosureControl;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of the published aggregates for signed-in users (the module's own API and web UI). */
@Repository
public class Aggregates {

  /** A round revision as stored. */
  public record RoundRevision(long roundId, int revision) {}

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  Aggregates(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Optional<RoundRevision> findCurrent(long operationId, int roundNumber) {
    return jdbc.sql(
            """
            select round_id, revision from publication.published_round
             where operation_id = :operation and round_number = :number and current
            """)
        .param("operation", operationId)
        .param("number", roundNumber)
        .query(RoundRevision.class)
        .optional();
  }

  public Optional<RoundRevision> findRevision(long operationId, int roundNumber, int revision) {
    return jdbc.sql(
            """
            select round_id, revision from publication.published_round
             where operation_id = :operation and round_number = :number and revision = :revision
            """)
        .param("operation", operationId)
        .param("number", roundNumber)
        .param("revision", revision)
        .query(RoundRevision.class)
        .optional();
  }

  /** The highest round number with a published revision. */
  public Optional<Integer> findLatestRoundNumber(long operationId) {
    return jdbc.sql(
            """
            select max(round_number) from publication.published_round
             where operation_id = :operation and current
            """)
        .param("operation", operationId)
        .query(Integer.class)
        .optional();
  }

  public List<PublishedRevision> listRevisions(long operationId, int roundNumber) {
    return jdbc.sql(
            """
            select round_number, revision, reporting_date, published_at, current,
                   changes::text as changes
              from publication.published_round
             where operation_id = :operation and round_number = :number
             order by revision
            """)
        .param("operation", operationId)
        .param("number", roundNumber)
        .query(this::revision)
        .list();
  }

  public Optional<JsonNode> findChanges(long roundId, int revision) {
    return jdbc.sql(
            """
            select changes::text from publication.published_round
             where round_id = :round and revision = :revision
            """)
        .param("round", roundId)
        .param("revision", revision)
        .query(String.class)
        .optional()
        .map(this::parse);
  }

  public List<AggregateRow> list(RoundRevision revision, AggregateQuery query) {
    Breakdown by = query.breakdown();
    return jdbc.sql(
            """
            select a.round_number, a.revision, a.reporting_date, a.assessment_type, a.admin_level,
                   a.unit_pcode, a.unit_name, a.admin0_pcode, a.admin0_name,
                   a.admin1_pcode, a.admin1_name, a.admin2_pcode, a.admin2_name,
                   a.population_group,
                   case when :by = 'REASON' then a.reason end as reason,
                   case when :by = 'ORIGIN' then a.origin_admin1_pcode end as origin_pcode,
                   case when :by = 'ORIGIN' then a.origin_admin1_name end as origin_name,
                   sum(a.households) as households, sum(a.individuals) as individuals,
                   case when count(a.males) = count(*) then sum(a.males) end as males,
                   case when count(a.females) = count(*) then sum(a.females) end as females,
                   case when :by = 'NONE' then max(a.unit_places) else sum(a.places) end as places
              from publication.aggregate a
             where a.round_id = :round and a.revision = :revision
               and (cast(:level as int) is null or a.admin_level = :level)
               and (cast(:group as text) is null or a.population_group = :group)
               and (cast(:type as text) is null or a.assessment_type = :type)
               and (cast(:pcode as text) is null or :pcode in
                     (a.unit_pcode, a.admin0_pcode, a.admin1_pcode, a.admin2_pcode, a.admin3_pcode))
             group by a.round_number, a.revision, a.reporting_date, a.assessment_type,
                      a.admin_level, a.admin_unit_id, a.unit_pcode, a.unit_name,
                      a.admin0_pcode, a.admin0_name, a.admin1_pcode, a.admin1_name,
                      a.admin2_pcode, a.admin2_name, a.population_group, 15, 16, 17
             order by a.admin_level, a.admin1_pcode nulls first, a.admin2_pcode nulls first,
                      a.unit_pcode, a.assessment_type, a.population_group, 15, 16
            """)
        .param("by", by.name())
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("level", query.adminLevel())
        .param("group", query.populationGroup())
        .param("type", query.assessmentType())
        .param("pcode", query.pcode())
        .query(Aggregates::row)
        .list();
  }

  /**
   * The cell key of {@code publication.disclosure_hidden} for an aggregate row {@code a} summed
   * over what the breakdown {@code :by} leaves out ({@code *}), without its measure: the key {@code
   * PublicTable} gives the same cell (type, unit at its level, reason, origin admin 1 or empty).
   */
  private static final String CELL_KEY =
      """
      a.assessment_type || chr(31) || cast(a.admin_level as text) || ':'
        || case a.admin_level when 0 then a.admin0_pcode when 1 then a.admin1_pcode
                              else a.admin2_pcode end
        || chr(31) || case when :by = 'REASON' then a.reason else '*' end
        || chr(31) || case when :by = 'ORIGIN' then coalesce(a.origin_admin1_pcode, '')
                           else '*' end
        || chr(31)
      """;

  /** Joins the three measures' hidden cells of the run to rows {@code c} carrying a cell key. */
  private static final String HIDDEN_JOINS =
      """
      left join publication.disclosure_hidden hi
        on hi.run_id = c.run_id and hi.cell_key = c.cell_key || 'ind'
      left join publication.disclosure_hidden hm
        on hm.run_id = c.run_id and hm.cell_key = c.cell_key || 'm'
      left join publication.disclosure_hidden hf
        on hf.run_id = c.run_id and hf.cell_key = c.cell_key || 'f'
      """;

  /**
   * What {@link #list} gives, as the public sees it: IDPs only, admin levels up to {@code finest},
   * counts hidden by the revision's disclosure run null, households and places never shown (they
   * are not in the public table, so nothing protects them from differencing).
   */
  public List<AggregateRow> listProtected(
      RoundRevision revision, long runId, AggregateQuery query, int finest) {
    Breakdown by = query.breakdown();
    return jdbc.sql(
            """
            with c as (
              select a.round_number, a.revision, a.reporting_date, a.assessment_type,
                     a.admin_level, a.unit_pcode, a.unit_name, a.admin0_pcode, a.admin0_name,
                     a.admin1_pcode, a.admin1_name, a.admin2_pcode, a.admin2_name,
                     a.population_group,
                     case when :by = 'REASON' then a.reason end as reason,
                     case when :by = 'ORIGIN' then a.origin_admin1_pcode end as origin_pcode,
                     case when :by = 'ORIGIN' then a.origin_admin1_name end as origin_name,
                     sum(a.individuals) as individuals,
                     case when count(a.males) = count(*) then sum(a.males) end as males,
                     case when count(a.females) = count(*) then sum(a.females) end as females,
                     %s as cell_key,
                     cast(:run as bigint) as run_id
                from publication.aggregate a
               where a.round_id = :round and a.revision = :revision
                 and a.admin_level <= :finest and a.population_group = 'IDP'
                 and (cast(:level as int) is null or a.admin_level = :level)
                 and (cast(:type as text) is null or a.assessment_type = :type)
                 and (cast(:pcode as text) is null or :pcode in
                       (a.unit_pcode, a.admin0_pcode, a.admin1_pcode, a.admin2_pcode))
               group by a.round_number, a.revision, a.reporting_date, a.assessment_type,
                        a.admin_level, a.admin_unit_id, a.unit_pcode, a.unit_name,
                        a.admin0_pcode, a.admin0_name, a.admin1_pcode, a.admin1_name,
                        a.admin2_pcode, a.admin2_name, a.population_group, 15, 16, 17, 21
            )
            select c.round_number, c.revision, c.reporting_date, c.assessment_type,
                   c.admin_level, c.unit_pcode, c.unit_name, c.admin0_pcode, c.admin0_name,
                   c.admin1_pcode, c.admin1_name, c.admin2_pcode, c.admin2_name,
                   c.population_group, c.reason, c.origin_pcode, c.origin_name,
                   null as households,
                   case when hi.cell_key is null then c.individuals end as individuals,
                   case when hm.cell_key is null then c.males end as males,
                   case when hf.cell_key is null then c.females end as females,
                   null as places
              from c
            %s
             order by c.admin_level, c.admin1_pcode nulls first, c.admin2_pcode nulls first,
                      c.unit_pcode, c.assessment_type, c.population_group, 15, 16
            """
                .formatted(CELL_KEY, HIDDEN_JOINS))
        .param("by", by.name())
        .param("run", runId)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("finest", finest)
        .param("level", query.adminLevel())
        .param("type", query.assessmentType())
        .param("pcode", query.pcode())
        .query(Aggregates::row)
        .list();
  }

  /**
   * What {@link #timeSeries} gives for IDPs, as the public sees it: each round's latest protected
   * revision through its run ({@link DisclosureControl#SHOWN_ROUNDS}), units no finer than {@code
   * finest}, hidden totals null, households never shown.
   */
  public List<TimeSeriesPoint> timeSeriesProtected(
      long operationId, String assessmentType, String pcode, int finest) {
    return jdbc.sql(
            "with "
                + DisclosureControl.SHOWN_ROUNDS
                + """
            , c as (
              select pr.round_number, pr.revision, pr.reporting_date, a.assessment_type,
                     pr.run_id,
                     sum(a.individuals) as individuals,
                     case when count(a.males) = count(*) then sum(a.males) end as males,
                     case when count(a.females) = count(*) then sum(a.females) end as females,
                     max(%s) as cell_key
                from shown pr
                join publication.aggregate a
                  on a.round_id = pr.round_id and a.revision = pr.revision
               where a.population_group = 'IDP' and a.admin_level <= :finest
                 and (cast(:type as text) is null or a.assessment_type = :type)
                 and (case when cast(:pcode as text) is null then a.admin_level = 0
                           else a.unit_pcode = :pcode end)
               group by pr.round_number, pr.revision, pr.reporting_date, a.assessment_type,
                        pr.run_id
            )
            select c.round_number, c.revision, c.reporting_date, c.assessment_type,
                   case when hi.cell_key is null then c.individuals end as individuals,
                   case when hm.cell_key is null then c.males end as males,
                   case when hf.cell_key is null then c.females end as females
              from c
            %s
             order by c.round_number, c.assessment_type
            """
                    .formatted(CELL_KEY, HIDDEN_JOINS))
        .param("by", Breakdown.NONE.name())
        .param("operation", operationId)
        .param("finest", finest)
        .param("type", assessmentType)
        .param("pcode", pcode)
        .query(
            (rs, n) ->
                new TimeSeriesPoint(
                    rs.getInt("round_number"),
                    rs.getInt("revision"),
                    rs.getObject("reporting_date", java.time.LocalDate.class),
                    rs.getString("assessment_type"),
                    nullableLong(rs, "individuals"),
                    null,
                    nullableLong(rs, "males"),
                    nullableLong(rs, "females")))
        .list();
  }

  /** Totals of one unit (admin 0 when no P-code) per current round revision and type. */
  public List<TimeSeriesPoint> timeSeries(
      long operationId, String populationGroup, String assessmentType, String pcode) {
    // Two statements rather than one with "case when :pcode is null …": the planner cannot use an
    // index through such a case and read every aggregate row of every current round (about 1.4
    // million at 100,000 locations × 24 rounds) to find one unit's (aggregate_unit,
    // V2026_11_25_0200).
    String unit = pcode == null ? "a.admin_level = 0" : "a.unit_pcode = :pcode";
    return jdbc.sql(
            """
            select pr.round_number, pr.revision, pr.reporting_date, a.assessment_type,
                   sum(a.individuals) as individuals, sum(a.households) as households,
                   case when count(a.males) = count(*) then sum(a.males) end as males,
                   case when count(a.females) = count(*) then sum(a.females) end as females
              from publication.published_round pr
              join publication.aggregate a on a.round_id = pr.round_id and a.revision = pr.revision
             where pr.operation_id = :operation and pr.current
               and a.population_group = :group
               and (cast(:type as text) is null or a.assessment_type = :type)
               and %s
             group by pr.round_number, pr.revision, pr.reporting_date, a.assessment_type
             order by pr.round_number, a.assessment_type
            """
                .formatted(unit))
        .param("operation", operationId)
        .param("group", populationGroup)
        .param("type", assessmentType)
        .param("pcode", pcode)
        .query(
            (rs, n) ->
                new TimeSeriesPoint(
                    rs.getInt("round_number"),
                    rs.getInt("revision"),
                    rs.getObject("reporting_date", java.time.LocalDate.class),
                    rs.getString("assessment_type"),
                    nullableLong(rs, "individuals"),
                    nullableLong(rs, "households"),
                    nullableLong(rs, "males"),
                    nullableLong(rs, "females")))
        .list();
  }

  private static AggregateRow row(ResultSet rs, int n) throws SQLException {
    return new AggregateRow(
        rs.getInt("round_number"),
        rs.getInt("revision"),
        rs.getObject("reporting_date", java.time.LocalDate.class),
        rs.getString("assessment_type"),
        rs.getInt("admin_level"),
        rs.getString("unit_pcode"),
        rs.getString("unit_name"),
        rs.getString("admin0_pcode"),
        rs.getString("admin0_name"),
        rs.getString("admin1_pcode"),
        rs.getString("admin1_name"),
        rs.getString("admin2_pcode"),
        rs.getString("admin2_name"),
        rs.getString("population_group"),
        rs.getString("reason"),
        rs.getString("origin_pcode"),
        rs.getString("origin_name"),
        nullableLong(rs, "households"),
        nullableLong(rs, "individuals"),
        nullableLong(rs, "males"),
        nullableLong(rs, "females"),
        nullableLong(rs, "places"));
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private PublishedRevision revision(ResultSet rs, int n) throws SQLException {
    return new PublishedRevision(
        rs.getInt("round_number"),
        rs.getInt("revision"),
        rs.getObject("reporting_date", java.time.LocalDate.class),
        rs.getObject("published_at", OffsetDateTime.class),
        rs.getBoolean("current"),
        parse(rs.getString("changes")));
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored changes are not JSON", e);
    }
  }
}
