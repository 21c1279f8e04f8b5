package org.opendtm.publication.internal;

import java.util.List;
import org.opendtm.platform.PhaseTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes and stores a published revision's breakdowns by sex-and-age band and by shelter type,
 * per admin unit at every level x assessment type x population group, in the caller's transaction
 * (the revision's publication, or the start-up back-fill): they switch in with the revision.
 *
 * <p>One pass over the round's figures (by the round index, joined to the round's assessments
 * staged for the publication, {@link StagedAssessments}) sums them per place unit and shelter, with
 * one column per band and sex (the sex-and-age arrays are summed column by column rather than
 * unnested, which would multiply the rows by the number of bands); the result is fanned out to the
 * ancestor units and written to both tables. A figure's bands count only when it has exactly one
 * count per band and sex of the operation (tracking refuses other lengths on input; an operation
 * whose bands changed later would otherwise mix band meanings).
 */
@Component
public class BreakdownPublisher {

  /** Who asked for the breakdowns of a revision. */
  public enum Source {
    PUBLISH,
    BACKFILL
  }

  private static final Logger log = LoggerFactory.getLogger(BreakdownPublisher.class);

  private final JdbcClient jdbc;

  BreakdownPublisher(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores the breakdowns of a revision that has just been inserted into {@code
   * publication.published_round}.
   *
   * @param bands the operation's sex-and-age band codes, in order
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void publish(RevisionPublisher.Revision revision, List<String> bands, Source source) {
    publish(revision, StagedAssessments.stage(jdbc, revision.roundId()), bands, source);
  }

  /**
   * Same, from the round's assessments already staged in this transaction (by the publication that
   * computed the revision's aggregates).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void publish(
      RevisionPublisher.Revision revision,
      StagedAssessments assessments,
      List<String> bands,
      Source source) {
    assessments.requireRound(revision.roundId());
    PhaseTimer timer = new PhaseTimer();
    int width = bands.size() * 2;
    jdbc.sql(
            """
            insert into publication.breakdown_revision (round_id, revision, bands, source)
            values (:round, :revision, :bands, :source)
            """)
        .param("round", revision.roundId())
        .param("revision", revision.revision())
        .param("bands", bands.toArray(String[]::new))
        .param("source", source.name())
        .update();
    jdbc.sql("drop table if exists pg_temp.bd_place_unit, pg_temp.bd_cell, pg_temp.bd_unit")
        .update();
    // 1. per place unit x type x group x shelter; the band columns are generated from the number
    // of bands (an integer of the operation, not a value of the request)
    StringBuilder bandSums = new StringBuilder();
    StringBuilder bandTotals = new StringBuilder();
    for (int i = 1; i <= width; i++) {
      bandSums.append(",\n sum(f.sex_age[").append(i).append("]) filter (where f.banded) as b" + i);
      bandTotals.append(",\n sum(p.b").append(i).append(") as b").append(i);
    }
    jdbc.sql(
            """
            create temp table bd_place_unit on commit drop as
            select s.*, anc.level as unit_level,
                   anc.adm0_id, anc.adm1_id, anc.adm2_id, anc.adm3_id, anc.adm4_id, anc.adm5_id
              from (select a.assessment_type, f.population_group, f.shelter, a.admin_unit_id,
                           coalesce(sum(f.households), 0) as households,
                           coalesce(sum(f.individuals), 0) as individuals,
                           count(*) filter (where f.banded) as banded,
                           coalesce(sum(f.individuals) filter (where f.banded), 0)
                             as banded_individuals %s
                      from (select assessment_id, population_group, shelter, households,
                                   individuals, sex_age,
                                   coalesce(cardinality(sex_age) = :width, false) as banded
                              from publication.v_round_figure_for_publication
                             where round_id = :round) f
                      join pg_temp.pub_assessment a on a.id = f.assessment_id
                     group by a.assessment_type, f.population_group, f.shelter,
                              a.admin_unit_id) s
              join publication.v_unit_ancestry_for_publication anc on anc.unit_id = s.admin_unit_id
            """
                .formatted(bandSums))
        .param("round", revision.roundId())
        .param("width", width)
        .update();
    // 2. counted at the unit's ancestor on every level at or above its own level
    jdbc.sql(
            """
            create temp table bd_cell on commit drop as
            select p.assessment_type, lv.level, lv.unit_id, p.population_group, p.shelter,
                   sum(p.households) as households, sum(p.individuals) as individuals,
                   sum(p.banded) as banded, sum(p.banded_individuals) as banded_individuals %s
              from bd_place_unit p
             cross join lateral (values (0, p.adm0_id), (1, p.adm1_id), (2, p.adm2_id),
                                        (3, p.adm3_id), (4, p.adm4_id), (5, p.adm5_id))
                   as lv (level, unit_id)
             where lv.level <= p.unit_level and lv.level <= :levels and lv.unit_id is not null
             group by p.assessment_type, lv.level, lv.unit_id, p.population_group, p.shelter
            """
                .formatted(bandTotals))
        .param("levels", revision.adminLevels())
        .update();
    jdbc.sql(
            """
            create temp table bd_unit on commit drop as
            select u.id, u.pcode, u.name, p.pcode as parent_pcode
              from publication.v_admin_unit_for_publication u
              left join publication.v_admin_unit_for_publication p
                on p.id = case u.level when 1 then u.adm0_id when 2 then u.adm1_id
                                       when 3 then u.adm2_id when 4 then u.adm3_id end
             where u.operation_id = :operation
            """)
        .param("operation", revision.operationId())
        .update();
    jdbc.sql("analyze bd_cell").update();
    jdbc.sql("analyze bd_unit").update();
    int shelters =
        jdbc.sql(
                """
                insert into publication.shelter_total
                  (round_id, revision, assessment_type, admin_level, admin_unit_id, unit_pcode,
                   unit_name, parent_pcode, population_group, shelter, households, individuals)
                select :round, :revision, c.assessment_type, c.level, c.unit_id, u.pcode, u.name,
                       u.parent_pcode, c.population_group, c.shelter, c.households, c.individuals
                  from bd_cell c join bd_unit u on u.id = c.unit_id
                """)
            .param("round", revision.roundId())
            .param("revision", revision.revision())
            .update();
    int pyramids = 0;
    if (width > 0) {
      StringBuilder females = new StringBuilder();
      StringBuilder males = new StringBuilder();
      for (int i = 1; i <= width; i++) {
        StringBuilder side = i <= bands.size() ? females : males;
        if (!side.isEmpty()) side.append(", ");
        side.append("coalesce(sum(c.b").append(i).append("), 0)");
      }
      pyramids =
          jdbc.sql(
                  """
                  insert into publication.sex_age_total
                    (round_id, revision, assessment_type, admin_level, admin_unit_id, unit_pcode,
                     unit_name, parent_pcode, population_group, females, males, banded,
                     banded_individuals)
                  select :round, :revision, c.assessment_type, c.level, c.unit_id,
                         min(u.pcode), min(u.name), min(u.parent_pcode), c.population_group,
                         array[%s]::bigint[], array[%s]::bigint[],
                         sum(c.banded), sum(c.banded_individuals)
                    from bd_cell c join bd_unit u on u.id = c.unit_id
                   group by c.assessment_type, c.level, c.unit_id, c.population_group
                  having sum(c.banded) > 0
                  """
                      .formatted(females, males))
              .param("round", revision.roundId())
              .param("revision", revision.revision())
              .update();
    }
    timer.lap("breakdowns");
    log.info(
        "Breakdowns of {} round {} revision {}: {} sex-and-age and {} shelter rows ({})",
        revision.operationCode(),
        revision.roundNumber(),
        revision.revision(),
        pyramids,
        shelters,
        timer);
  }
}
