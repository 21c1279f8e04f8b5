package org.opendtm.publication.internal;

import java.util.List;
import java.util.Optional;
import org.opendtm.platform.PhaseTimer;
import org.opendtm.tracking.RoundTotal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes and stores the aggregates of one round revision and switches partners over to it.
 *
 * <p>Everything happens in the caller's transaction (tracking's publish): the previous revision
 * loses its {@code current} flag, the new one is inserted with it, its aggregates are inserted and
 * its "what changed" computed. Readers see the old revision until the transaction commits, then the
 * new one completely: the switch is atomic. If anything fails, the publish rolls back.
 *
 * <p>The aggregation reads the round's assessments (staged once per publication, {@link
 * StagedAssessments}) and figures through the publication views ({@code
 * v_assessment_for_publication}, {@code v_round_figure_for_publication}): figures are summed per
 * place, places per unit, and each unit's sums are counted at its ancestor on every level
 * 0..adminLevels at or above the unit's own level (an assessment at admin 1 does not count at admin
 * 2).
 */
@Component
public class RevisionPublisher {

  /** The revision to publish and what is copied into it. */
  public record Revision(
      long operationId,
      String operationCode,
      long roundId,
      int roundNumber,
      java.time.LocalDate reportingDate,
      int revision,
      int adminLevels) {}

  private static final Logger log = LoggerFactory.getLogger(RevisionPublisher.class);

  private final JdbcClient jdbc;

  RevisionPublisher(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Publishes the revision, staging the round's assessments itself (tests, single callers). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void publish(Revision revision) {
    publish(revision, StagedAssessments.stage(jdbc, revision.roundId()));
  }

  /**
   * @return the revision's totals per assessment type and group (places, households, individuals)
   *     as summed at admin 0, when every place of the round was counted there (its unit has an
   *     admin-0 ancestor); empty otherwise
   */

  /**
   * Publishes the revision from the round's assessments staged in this transaction ({@link
   * StagedAssessments}), which the breakdowns of the same publication then read as well.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<List<RoundTotal>> publish(Revision revision, StagedAssessments assessments) {
    assessments.requireRound(revision.roundId());
    Integer previous =
        jdbc.sql(
                """
                update publication.published_round set current = false
                 where round_id = :round and current
                returning revision
                """)
            .param("round", revision.roundId())
            .query(Integer.class)
            .optional()
            .orElse(null);
    // read_before_protected: public answers kept across the publication hold the previous
    // revision (PublicResponseCache), so storing this revision's run must announce it
    jdbc.sql(
            """
            insert into publication.published_round
              (round_id, revision, operation_id, operation_code, round_number, reporting_date, current,
               read_before_protected)
            values (:round, :revision, :operation, :code, :number, :date, true, true)
            """)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("operation", revision.operationId())
        .param("code", revision.operationCode())
        .param("number", revision.roundNumber())
        .param("date", revision.reportingDate())
        .update();
    long started = System.nanoTime();
    Aggregated aggregated = insertAggregates(revision);
    int rows = aggregated.rows();
    long changesStarted = System.nanoTime();
    storeChanges(revision, previous);
    log.info(
        "Published round {} revision {} of {}: {} aggregate rows in {} ms, changes in {} ms",
        revision.roundNumber(),
        revision.revision(),
        revision.operationCode(),
        rows,
        (changesStarted - started) / 1_000_000,
        (System.nanoTime() - changesStarted) / 1_000_000);
    return aggregated.totals();
  }

  private record Aggregated(int rows, Optional<List<RoundTotal>> totals) {}

  /**
   * Staged through temporary tables (dropped at commit) rather than one statement: with the
   * intermediate results materialised, PostgreSQL plans every step with hash joins and hash
   * aggregates (as a single statement it misestimated the fan-out and chose nested loops that took
   * a minute for 100,000 locations).
   *
   * <p>One pass over the round's figures (one index range), joined to the staged assessments
   * ({@code pub_assessment}), sums them per admin unit at the unit's own level with two grouping
   * sets of one sort: per type x group x reason x origin admin 1 (the unit's cells) and per type x
   * group ({@code unit_total}); each counts its distinct places (assessments), so the unit's places
   * per group, whatever their reasons and origins, come from the same pass. Sums over figures equal
   * the former sums over per-place sums (a sex total stays unknown when any figure lacks it). Only
   * those unit rows -- a few per unit -- are then counted again at the unit's ancestor on every
   * level above. The grouping keys lead with the unit id (an integer): comparing the text keys
   * first made the sort twice as slow. Sums are cast back to bigint between the steps (a sum of
   * bigints is numeric, slower to add up again).
   */
  private Aggregated insertAggregates(Revision revision) {
    PhaseTimer timer = new PhaseTimer();
    jdbc.sql("set local work_mem = '64MB'").update();
    jdbc.sql(
            """
            drop table if exists pg_temp.pub_unit_cell, pg_temp.pub_cell, pg_temp.pub_unit
            """)
        .update();
    // 1. per unit at its own level: cells, and (unit_total) the unit's totals per group, each with
    // its number of places; one sort serves both grouping sets (the second is a prefix of the
    // first)
    jdbc.sql(
            """
            create temp table pub_unit_cell on commit drop as
            select a.assessment_type, a.admin_unit_id, f.population_group, f.reason,
                   f.origin_admin1_id,
                   grouping(f.reason, f.origin_admin1_id) <> 0 as unit_total,
                   coalesce(sum(f.households), 0) as households,
                   coalesce(sum(f.individuals), 0) as individuals,
                   sum(f.males) as males, sum(f.females) as females,
                   bool_and(f.males is not null) as males_known,
                   bool_and(f.females is not null) as females_known,
                   count(distinct f.assessment_id) as places
              from publication.v_round_figure_for_publication f
              join pg_temp.pub_assessment a on a.id = f.assessment_id
             where f.round_id = :round
             group by grouping sets
                      ((a.admin_unit_id, a.assessment_type, f.population_group,
                        f.origin_admin1_id, f.reason),
                       (a.admin_unit_id, a.assessment_type, f.population_group))
            """)
        .param("round", revision.roundId())
        .update();
    timer.lap("unit cells");
    // 2. counted at the unit's ancestor on every level at or above its own level
    jdbc.sql(
            """
            create temp table pub_cell on commit drop as
            select p.assessment_type, lv.level, lv.unit_id, p.population_group, p.reason,
                   p.origin_admin1_id, p.unit_total,
                   cast(sum(p.households) as bigint) as households,
                   cast(sum(p.individuals) as bigint) as individuals,
                   case when bool_and(p.males_known) then cast(sum(p.males) as bigint) end as males,
                   case when bool_and(p.females_known) then cast(sum(p.females) as bigint) end
                     as females,
                   cast(sum(p.places) as bigint) as places
              from pub_unit_cell p
              join publication.v_unit_ancestry_for_publication anc on anc.unit_id = p.admin_unit_id
             cross join lateral (values (0, anc.adm0_id), (1, anc.adm1_id), (2, anc.adm2_id),
                                        (3, anc.adm3_id), (4, anc.adm4_id), (5, anc.adm5_id))
                   as lv (level, unit_id)
             where lv.level <= anc.level and lv.level <= :levels and lv.unit_id is not null
             group by p.assessment_type, lv.level, lv.unit_id, p.population_group, p.reason,
                      p.origin_admin1_id, p.unit_total
            """)
        .param("levels", revision.adminLevels())
        .update();
    jdbc.sql(
            """
            create temp table pub_unit on commit drop as
            select id, pcode, name, adm0_id, adm1_id, adm2_id, adm3_id
              from publication.v_admin_unit_for_publication where operation_id = :operation
            """)
        .param("operation", revision.operationId())
        .update();
    // statistics of the join columns only: the insert below joins on them
    jdbc.sql("analyze pub_cell (assessment_type, level, unit_id, population_group, unit_total)")
        .update();
    jdbc.sql("analyze pub_unit (id)").update();
    Optional<List<RoundTotal>> totals = totals();
    timer.lap("cells");
    // 3. with the names and P-codes of the unit, its ancestors and the origin copied in
    int rows =
        jdbc.sql(
                """
            insert into publication.aggregate
              (round_id, revision, operation_id, round_number, reporting_date, assessment_type,
               admin_level, admin_unit_id, unit_pcode, unit_name,
               admin0_pcode, admin0_name, admin1_pcode, admin1_name,
               admin2_pcode, admin2_name, admin3_pcode, admin3_name,
               population_group, reason, origin_admin1_id, origin_admin1_pcode, origin_admin1_name,
               households, individuals, males, females, places, unit_places)
            select :round, :revision, :operation, :number, :date, c.assessment_type,
                   c.level, c.unit_id, u.pcode, u.name,
                   u0.pcode, u0.name, u1.pcode, u1.name, u2.pcode, u2.name, u3.pcode, u3.name,
                   c.population_group, c.reason, c.origin_admin1_id, o.pcode, o.name,
                   c.households, c.individuals, c.males, c.females, c.places, up.places
              from pub_cell c
              join pub_cell up
                on up.unit_total and up.assessment_type = c.assessment_type
               and up.level = c.level and up.unit_id = c.unit_id
               and up.population_group = c.population_group
              join pub_unit u on u.id = c.unit_id
              left join pub_unit u0 on u0.id = u.adm0_id
              left join pub_unit u1 on u1.id = u.adm1_id
              left join pub_unit u2 on u2.id = u.adm2_id
              left join pub_unit u3 on u3.id = u.adm3_id
              left join publication.v_admin_unit_for_publication o on o.id = c.origin_admin1_id
             where not c.unit_total
            """)
            .param("round", revision.roundId())
            .param("revision", revision.revision())
            .param("operation", revision.operationId())
            .param("number", revision.roundNumber())
            .param("date", revision.reportingDate())
            .update();
    timer.lap("insert");
    log.info(
        "Aggregates of {} round {}: {}", revision.operationCode(), revision.roundNumber(), timer);
    return new Aggregated(rows, totals);
  }

  /**
   * The admin-0 sums per type and group, when every place of the round is counted at admin 0: its
   * places per group at its own level (the {@code unit_total} rows of {@code pub_unit_cell}) add up
   * to those at admin 0. A place whose unit has no admin-0 ancestor (or no unit) would be missing
   * there, and tracking then sums the figures itself.
   */
  private Optional<List<RoundTotal>> totals() {
    boolean everyPlace =
        jdbc.sql(
                """
                select (select coalesce(sum(places), 0) from pub_unit_cell where unit_total)
                     = (select coalesce(sum(places), 0) from pub_cell
                         where unit_total and level = 0)
                """)
            .query(Boolean.class)
            .single();
    if (!everyPlace) return Optional.empty();
    return Optional.of(
        jdbc.sql(
                """
                select assessment_type, population_group,
                       cast(coalesce(sum(places) filter (where unit_total), 0) as bigint) as places,
                       cast(coalesce(sum(households) filter (where not unit_total), 0) as bigint)
                         as households,
                       cast(coalesce(sum(individuals) filter (where not unit_total), 0) as bigint)
                         as individuals
                  from pub_cell where level = 0
                 group by assessment_type, population_group
                """)
            .query(RoundTotal.class)
            .list());
  }

  /** Admin-0 totals per type x group before/after, and the admin-1/2 units whose IDPs moved. */
  private void storeChanges(Revision revision, Integer previous) {
    jdbc.sql(
            """
            with after_total as (
              select assessment_type, population_group,
                     sum(individuals) as individuals, sum(households) as households
                from publication.aggregate
               where round_id = :round and revision = :revision and admin_level = 0
               group by 1, 2
            ), before_total as (
              select assessment_type, population_group,
                     sum(individuals) as individuals, sum(households) as households
                from publication.aggregate
               where round_id = :round and revision = :previous and admin_level = 0
               group by 1, 2
            ), totals as (
              select coalesce(a.assessment_type, b.assessment_type) as assessment_type,
                     coalesce(a.population_group, b.population_group) as population_group,
                     b.individuals as individuals_before, a.individuals as individuals_after,
                     b.households as households_before, a.households as households_after
                from after_total a
                full join before_total b using (assessment_type, population_group)
            ), after_unit as (
              select assessment_type, population_group, admin_level, unit_pcode,
                     max(unit_name) as unit_name, sum(individuals) as individuals
                from publication.aggregate
               where round_id = :round and revision = :revision and admin_level in (1, 2)
               group by 1, 2, 3, 4
            ), before_unit as (
              select assessment_type, population_group, admin_level, unit_pcode,
                     max(unit_name) as unit_name, sum(individuals) as individuals
                from publication.aggregate
               where round_id = :round and revision = :previous and admin_level in (1, 2)
               group by 1, 2, 3, 4
            ), units as (
              select coalesce(a.assessment_type, b.assessment_type) as assessment_type,
                     coalesce(a.population_group, b.population_group) as population_group,
                     coalesce(a.admin_level, b.admin_level) as admin_level,
                     coalesce(a.unit_pcode, b.unit_pcode) as pcode,
                     coalesce(a.unit_name, b.unit_name) as name,
                     coalesce(b.individuals, 0) as individuals_before,
                     coalesce(a.individuals, 0) as individuals_after
                from after_unit a
                full join before_unit b
                  using (assessment_type, population_group, admin_level, unit_pcode)
               where cast(:previous as int) is not null
                 and coalesce(a.individuals, 0) <> coalesce(b.individuals, 0)
            ), listed as (
              select * from units
               order by abs(individuals_after - individuals_before) desc, pcode
               limit 500
            )
            update publication.published_round
               set changes = jsonb_build_object(
                     'previousRevision', cast(:previous as int),
                     'totals', coalesce((select jsonb_agg(jsonb_build_object(
                                 'assessmentType', t.assessment_type,
                                 'populationGroup', t.population_group,
                                 'individualsBefore', t.individuals_before,
                                 'individualsAfter', t.individuals_after,
                                 'householdsBefore', t.households_before,
                                 'householdsAfter', t.households_after)
                                 order by t.assessment_type, t.population_group)
                               from totals t), '[]'::jsonb),
                     'unitsChanged', (select count(*) from units),
                     'units', coalesce((select jsonb_agg(jsonb_build_object(
                                 'assessmentType', l.assessment_type,
                                 'populationGroup', l.population_group,
                                 'adminLevel', l.admin_level,
                                 'pcode', l.pcode,
                                 'name', l.name,
                                 'individualsBefore', l.individuals_before,
                                 'individualsAfter', l.individuals_after))
                               from listed l), '[]'::jsonb))
             where round_id = :round and revision = :revision
            """)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("previous", previous)
        .update();
  }
}
