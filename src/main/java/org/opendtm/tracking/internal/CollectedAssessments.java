package org.opendtm.tracking.internal;

import java.util.Optional;
import org.opendtm.tracking.CollectedAssessment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Assessments that name their source (a collected submission), found and replaced by it. */
@Repository
public class CollectedAssessments {

  private final JdbcClient jdbc;

  CollectedAssessments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Long> findBySource(long roundId, String source) {
    return jdbc.sql(
            "select id from tracking.assessment where round_id = :round and source = :source")
        .param("round", roundId)
        .param("source", source)
        .query(Long.class)
        .optional();
  }

  /** Inserts the assessment, or updates the one of the same source in the round; its id. */
  public long upsert(long roundId, CollectedAssessment a) {
    return jdbc.sql(
            """
            insert into tracking.assessment
              (round_id, assessment_type, admin_unit_id, location_id, place, place_name,
               pcode_written, pcode_rule, collected_on, source)
            values (:round, :type, :unit, :location, :place, :placeName, :written, :rule,
                    :collectedOn, :source)
            on conflict (round_id, source) where source is not null do update
               set assessment_type = excluded.assessment_type,
                   admin_unit_id = excluded.admin_unit_id,
                   location_id = excluded.location_id,
                   place = excluded.place,
                   place_name = excluded.place_name,
                   pcode_written = excluded.pcode_written,
                   pcode_rule = excluded.pcode_rule,
                   collected_on = excluded.collected_on
            returning id
            """)
        .param("round", roundId)
        .param("type", a.type().name())
        .param("unit", a.adminUnitId())
        .param("location", a.locationId())
        .param("place", a.place())
        .param("placeName", a.placeName())
        .param("written", a.pcodeWritten())
        .param("rule", a.pcodeRule())
        .param("collectedOn", a.collectedOn())
        .param("source", a.source())
        .query(Long.class)
        .single();
  }

  /** The source of an assessment, if it came from a submission. */
  public Optional<String> sourceOf(long roundId, long assessmentId) {
    return jdbc.sql(
            """
            select source from tracking.assessment
             where round_id = :round and id = :id and source is not null
            """)
        .param("round", roundId)
        .param("id", assessmentId)
        .query(String.class)
        .optional();
  }
}
