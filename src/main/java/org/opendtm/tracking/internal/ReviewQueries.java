package org.opendtm.tracking.internal;

import java.util.List;
import java.util.Optional;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.PlaceRound;
import org.opendtm.tracking.RoundStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read-only questions a reviewer asks of rounds: how far collection is, a place's history. */
@Repository
public class ReviewQueries {

  private final JdbcClient jdbc;

  ReviewQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The number of the latest round before this one that has assessments. */
  public Optional<Integer> findPreviousRoundWithData(long operationId, int number) {
    return jdbc.sql(
            """
            select max(r.number) from tracking.round r
             where r.operation_id = :op and r.number < :number
               and exists (select 1 from tracking.assessment a where a.round_id = r.id)
            """)
        .param("op", operationId)
        .param("number", number)
        .query(Integer.class)
        .optional();
  }

  /** Distinct places (P-code or location code, upper case) assessed in the round. */
  public long countPlaces(long roundId) {
    return jdbc.sql(
            "select count(distinct upper(place)) from tracking.assessment where round_id = :round")
        .param("round", roundId)
        .query(Long.class)
        .single();
  }

  /** Places assessed in {@code earlierRoundId} and not (yet) in {@code roundId}, by code. */
  public List<String> listPlacesMissing(long roundId, long earlierRoundId, int limit) {
    return jdbc.sql(
            """
            select distinct upper(e.place) as place from tracking.assessment e
             where e.round_id = :earlier
               and not exists (select 1 from tracking.assessment a
                                where a.round_id = :round and upper(a.place) = upper(e.place))
             order by 1 limit :limit
            """)
        .param("earlier", earlierRoundId)
        .param("round", roundId)
        .param("limit", limit)
        .query(String.class)
        .list();
  }

  public long countPlacesMissing(long roundId, long earlierRoundId) {
    return jdbc.sql(
            """
            select count(distinct upper(e.place)) from tracking.assessment e
             where e.round_id = :earlier
               and not exists (select 1 from tracking.assessment a
                                where a.round_id = :round and upper(a.place) = upper(e.place))
            """)
        .param("earlier", earlierRoundId)
        .param("round", roundId)
        .query(Long.class)
        .single();
  }

  /** Location ids assessed in the round. */
  public List<Long> listAssessedLocationIds(long roundId) {
    return jdbc.sql(
            "select distinct location_id from tracking.assessment"
                + " where round_id = :round and location_id is not null")
        .param("round", roundId)
        .query(Long.class)
        .list();
  }

  /**
   * The place's assessments across the operation's rounds, oldest round first, with their figures
   * summed per population group.
   */
  public List<PlaceRound> listPlaceRounds(long operationId, String place) {
    return jdbc.sql(
            """
            select r.number, r.reporting_date, r.status, a.assessment_type, a.id, a.place_name,
                   coalesce(sum(f.individuals) filter (where f.population_group = 'IDP'), 0) as idps,
                   coalesce(sum(f.households) filter (where f.population_group = 'IDP'), 0)
                     as idp_households,
                   coalesce(sum(f.individuals) filter (where f.population_group = 'RETURNEE'), 0)
                     as returnees,
                   coalesce(sum(f.households) filter (where f.population_group = 'RETURNEE'), 0)
                     as returnee_households,
                   coalesce(sum(f.individuals) filter (where f.population_group = 'MIGRANT'), 0)
                     as migrants,
                   coalesce(sum(f.individuals) filter (where f.population_group = 'HOST'), 0)
                     as hosts
              from tracking.round r
              join tracking.assessment a on a.round_id = r.id
              left join tracking.population_figure f
                on f.round_id = a.round_id and f.assessment_id = a.id
             where r.operation_id = :op and upper(a.place) = upper(:place)
             group by r.number, r.reporting_date, r.status, a.assessment_type, a.id, a.place_name
             order by r.number, a.assessment_type, a.id
            """)
        .param("op", operationId)
        .param("place", place)
        .query(
            (rs, n) ->
                new PlaceRound(
                    rs.getInt("number"),
                    rs.getObject("reporting_date", java.time.LocalDate.class),
                    RoundStatus.valueOf(rs.getString("status")),
                    AssessmentType.valueOf(rs.getString("assessment_type")),
                    rs.getLong("id"),
                    rs.getString("place_name"),
                    rs.getLong("idps"),
                    rs.getLong("idp_households"),
                    rs.getLong("returnees"),
                    rs.getLong("returnee_households"),
                    rs.getLong("migrants"),
                    rs.getLong("hosts")))
        .list();
  }
}
