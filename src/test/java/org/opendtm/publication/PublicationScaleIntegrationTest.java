package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a generated round of many locations (20,000 by default; set {@code
 * -Dpublication.scale.locations=100000} for the target size) and checks that the totals
 * survive. The time is logged, not asserted: this machine is shared, and benchmarks live in bench/
 * with their results in docs/BENCHMARKS.md.
 */
class PublicationScaleIntegrationTest extends PublicationTestSupport {

  private static final Logger log = LoggerFactory.getLogger(PublicationScaleIntegrationTest.class);

  @Test
  void publishesALargeRoundAndKeepsItsTotals() {
    int locations = Integer.getInteger("publication.scale.locations", 20_000);
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-SCALE", "Scale test", "SOM", "Somalia", 3)
            .unit(0, "SO", "Somalia", null);
    long operation = data.operationId();
    long admin0 = data.unitId("SO");
    // 18 regions x 20 districts x 10 wards, with the flattened hierarchy
    jdbc.sql(
            """
            insert into geography.admin_unit (operation_id, level, pcode, name, parent_id)
            select :operation, 1, 'SO' || lpad(r::text, 2, '0'), 'Region ' || r, :admin0
              from generate_series(1, 18) r
            """)
        .param("operation", operation)
        .param("admin0", admin0)
        .update();
    for (int level = 2; level <= 3; level++) {
      jdbc.sql(
              """
              insert into geography.admin_unit (operation_id, level, pcode, name, parent_id)
              select :operation, :level, p.pcode || lpad(c::text, 2, '0'), p.name || '/' || c, p.id
                from geography.admin_unit p
               cross join generate_series(1, case when :level = 2 then 20 else 10 end) c
               where p.operation_id = :operation and p.level = :level - 1
              """)
          .param("operation", operation)
          .param("level", level)
          .update();
    }
    jdbc.sql(
            """
            with recursive tree as (
              select id, level, array[id, null, null, null]::bigint[] as adm
                from geography.admin_unit where id = :admin0
              union all
              select u.id, u.level,
                     array[t.adm[1],
                           case when u.level = 1 then u.id else t.adm[2] end,
                           case when u.level = 2 then u.id else t.adm[3] end,
                           case when u.level = 3 then u.id else t.adm[4] end]
                from geography.admin_unit u join tree t on u.parent_id = t.id
            )
            insert into geography.admin_unit_ancestry
              (unit_id, operation_id, level, adm0_id, adm1_id, adm2_id, adm3_id)
            select id, :operation, level, adm[1], adm[2], adm[3], adm[4] from tree where level > 0
            """)
        .param("operation", operation)
        .param("admin0", admin0)
        .update();
    long round = data.round(1, LocalDate.of(2025, 1, 31));
    jdbc.sql(
            """
            with ward as (
              select id, row_number() over (order by id) - 1 as n, count(*) over () as total
                from geography.admin_unit where operation_id = :operation and level = 3
            )
            insert into geography.location (operation_id, code, name, kind, admin_unit_id)
            select :operation, 'L' || g, 'Location ' || g, 'SITE', w.id
              from generate_series(0, :locations - 1) g
              join ward w on w.n = g % w.total
            """)
        .param("operation", operation)
        .param("locations", locations)
        .update();
    jdbc.sql(
            """
            insert into tracking.assessment
              (round_id, assessment_type, admin_unit_id, location_id, place)
            select :round, case when l.id % 5 = 0 then 'BA' else 'SA' end, l.admin_unit_id, l.id,
                   l.code
              from geography.location l where l.operation_id = :operation
            """)
        .param("round", round)
        .param("operation", operation)
        .update();
    jdbc.sql(
            """
            insert into tracking.population_figure
              (assessment_id, population_group, reason, origin_admin_unit_id, households,
               individuals, males, females)
            select a.id, g.grp, g.reason,
                   case when a.id % 3 = 0 then null else a.admin_unit_id end,
                   10 + a.id % 7, 50 + a.id % 31, 20 + a.id % 11, 30 + a.id % 31 - a.id % 11
              from tracking.assessment a
             cross join (values ('IDP', 'Conflict'), ('IDP', null), ('RETURNEE', 'Conflict'))
                   as g (grp, reason)
             where a.round_id = :round
            """)
        .param("round", round)
        .update();
    jdbc.sql("analyze").update();

    long started = System.nanoTime();
    publish(data, round);
    long millis = (System.nanoTime() - started) / 1_000_000;
    log.info("Published a round of {} locations in {} ms", locations, millis);

    long expected =
        jdbc.sql(
                """
                select sum(f.individuals) from tracking.population_figure f
                  join tracking.assessment a on a.id = f.assessment_id
                 where a.round_id = :round and f.population_group = 'IDP'
                """)
            .param("round", round)
            .query(Long.class)
            .single();
    for (int level = 0; level <= 3; level++) {
      List<AggregateRow> rows =
          publication.listAggregates(
              "PUB-SCALE", 1, new AggregateQuery(level, "IDP", null, null, null));
      assertThat(rows.stream().mapToLong(AggregateRow::individuals).sum())
          .as("level %d", level)
          .isEqualTo(expected);
    }
    long places =
        publication
            .listAggregates("PUB-SCALE", 1, new AggregateQuery(0, "IDP", null, null, null))
            .stream()
            .mapToLong(AggregateRow::places)
            .sum();
    assertThat(places).isEqualTo(locations);
  }
}
