package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Aggregates belong to a published revision: checked once per statement by a trigger since
 * V2026_11_24_0330 (it was a per-row foreign key), and they go when the revision goes.
 */
class AggregateIntegrityIntegrationTest extends PublicationTestSupport {

  private static final String COLUMNS =
      "operation_id, round_number, reporting_date, assessment_type, admin_level, admin_unit_id,"
          + " admin0_pcode, admin0_name, admin1_pcode, admin1_name, admin2_pcode, admin2_name,"
          + " admin3_pcode, admin3_name, population_group, reason, origin_admin1_id,"
          + " origin_admin1_pcode, origin_admin1_name, households, individuals, males, females,"
          + " places, unit_pcode, unit_name, unit_places";

  @Test
  void aggregatesOfAnUnpublishedRevisionAreRefusedAndGoWithTheirRevision() {
    PublicationTestData data =
        PublicationTestData.operation(jdbc, "PUB-AGG-FK", "Integrity Crisis", "XIF", "Integria", 2)
            .unit(0, "XIF", "Integria", null)
            .unit(1, "XI01", "North", "XIF")
            .unit(2, "XI0101", "Port", "XI01");
    long round = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(data.assessment(round, "SA", "XI0101"), "IDP", "Conflict", null, 10, 50, 20, 30);
    publish(data, round);
    long rows = aggregates(round);
    assertThat(rows).isPositive();

    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "insert into publication.aggregate (round_id, revision, "
                            + COLUMNS
                            + ") select round_id, revision + 1, "
                            + COLUMNS
                            + " from publication.aggregate where round_id = :round")
                    .param("round", round)
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("revision 2 of round " + round + " is not published");
    assertThat(aggregates(round)).isEqualTo(rows);

    jdbc.sql("delete from publication.published_round where round_id = :round")
        .param("round", round)
        .update();
    assertThat(aggregates(round)).isZero();
  }

  private long aggregates(long round) {
    return jdbc.sql("select count(*) from publication.aggregate where round_id = :round")
        .param("round", round)
        .query(Long.class)
        .single();
  }
}
