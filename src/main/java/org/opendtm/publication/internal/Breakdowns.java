package org.opendtm.publication.internal;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads of the stored sex-and-age and shelter breakdowns of published revisions (written by {@link
 * BreakdownPublisher}), as stored: disclosure control is the caller's (public reads) business.
 */
@Repository
public class Breakdowns {

  /**
   * A unit's sex-and-age totals; {@code females[i]}, {@code males[i]} belong to {@code bands[i]}.
   */
  public record SexAgeRow(
      String assessmentType,
      int adminLevel,
      String pcode,
      String name,
      String parentPcode,
      String populationGroup,
      long[] females,
      long[] males,
      long bandedIndividuals) {}

  /** A unit's individuals and households in one shelter type. */
  public record ShelterRow(
      String assessmentType,
      int adminLevel,
      String pcode,
      String name,
      String parentPcode,
      String populationGroup,
      String shelter,
      long households,
      long individuals) {}

  private final JdbcClient jdbc;
  private final PendingBreakdowns pending;

  Breakdowns(JdbcClient jdbc, PendingBreakdowns pending) {
    this.jdbc = jdbc;
    this.pending = pending;
  }

  /**
   * The band codes of a revision's breakdowns; empty when they were never computed. A revision
   * whose breakdowns are being computed after its publication is waited for, a bounded time.
   */
  public Optional<List<String>> findBands(RoundRevision revision) {
    Optional<List<String>> bands = storedBands(revision);
    if (bands.isEmpty() && pending.await(revision)) bands = storedBands(revision);
    return bands;
  }

  private Optional<List<String>> storedBands(RoundRevision revision) {
    return jdbc.sql(
            """
            select bands from publication.breakdown_revision
             where round_id = :round and revision = :revision
            """)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
        .optional();
  }

  /**
   * Sex-and-age rows of one revision.
   *
   * @param pcode the unit; the admin-0 unit when null
   * @param maxLevel with a null P-code: every unit up to this level instead of admin 0 only
   */
  public List<SexAgeRow> listSexAge(
      RoundRevision revision, String type, String group, String pcode, Integer maxLevel) {
    return jdbc.sql(
            """
            select assessment_type, admin_level, unit_pcode, unit_name, parent_pcode,
                   population_group, females, males, banded_individuals
              from publication.sex_age_total
             where round_id = :round and revision = :revision
               and (cast(:type as text) is null or assessment_type = :type)
               and (cast(:group as text) is null or population_group = :group)
               and (case when cast(:pcode as text) is not null then unit_pcode = :pcode
                         else admin_level <= coalesce(cast(:maxLevel as int), 0) end)
            """)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("type", type)
        .param("group", group)
        .param("pcode", pcode)
        .param("maxLevel", maxLevel)
        .query(
            (rs, n) ->
                new SexAgeRow(
                    rs.getString("assessment_type"),
                    rs.getInt("admin_level"),
                    rs.getString("unit_pcode"),
                    rs.getString("unit_name"),
                    rs.getString("parent_pcode"),
                    rs.getString("population_group"),
                    longs(rs.getArray("females")),
                    longs(rs.getArray("males")),
                    rs.getLong("banded_individuals")))
        .list();
  }

  /** Shelter rows of one revision; P-code and level as {@link #listSexAge}. */
  public List<ShelterRow> listShelters(
      RoundRevision revision, String type, String group, String pcode, Integer maxLevel) {
    return jdbc.sql(
            """
            select assessment_type, admin_level, unit_pcode, unit_name, parent_pcode,
                   population_group, shelter, households, individuals
              from publication.shelter_total
             where round_id = :round and revision = :revision
               and (cast(:type as text) is null or assessment_type = :type)
               and (cast(:group as text) is null or population_group = :group)
               and (case when cast(:pcode as text) is not null then unit_pcode = :pcode
                         else admin_level <= coalesce(cast(:maxLevel as int), 0) end)
             order by individuals desc, shelter
            """)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("type", type)
        .param("group", group)
        .param("pcode", pcode)
        .param("maxLevel", maxLevel)
        .query(
            (rs, n) ->
                new ShelterRow(
                    rs.getString("assessment_type"),
                    rs.getInt("admin_level"),
                    rs.getString("unit_pcode"),
                    rs.getString("unit_name"),
                    rs.getString("parent_pcode"),
                    rs.getString("population_group"),
                    rs.getString("shelter"),
                    rs.getLong("households"),
                    rs.getLong("individuals")))
        .list();
  }

  private static long[] longs(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
    }
    return out;
  }

  /** Revisions whose breakdowns were never computed (published before they existed). */
  public List<RoundRevision> listMissing() {
    return jdbc.sql(
            """
            select pr.round_id, pr.revision
              from publication.published_round pr
             where pr.current
               and not exists (select 1 from publication.breakdown_revision b
                                where b.round_id = pr.round_id and b.revision = pr.revision)
             order by pr.operation_id, pr.round_number
            """)
        .query(RoundRevision.class)
        .list();
  }
}
