package org.opendtm.collection.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.opendtm.collection.PlaceAssignment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The places each enumerator is expected to visit per round (collection.assignment), and what the
 * round's submissions say about who visited which place.
 */
@Repository
public class Assignments {

  /** What one submitter sent for a round, counted by what became of it. */
  public record SubmitterCounts(
      String submitter,
      long submitted,
      long applied,
      long notApplied,
      long pending,
      long rejected,
      long places,
      OffsetDateTime lastAt) {}

  /** Where an applied submission of the round is: its place and its admin unit's P-code. */
  public record Visit(String submitter, String placeCode, String unitPcode) {}

  private final JdbcClient jdbc;

  Assignments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Replaces the round's whole assignment list (the caller's transaction holds both). */
  public void replace(
      String operationCode, int round, List<PlaceAssignment> assignments, String user) {
    jdbc.sql("delete from collection.assignment where operation_code = :op and round_number = :n")
        .param("op", operationCode)
        .param("n", round)
        .update();
    for (PlaceAssignment a : assignments) {
      jdbc.sql(
              """
              insert into collection.assignment
                (operation_code, round_number, enumerator, place_code, assigned_by)
              values (:op, :n, :enumerator, :place, :user)
              on conflict do nothing
              """)
          .param("op", operationCode)
          .param("n", round)
          .param("enumerator", a.enumerator())
          .param("place", a.place())
          .param("user", user)
          .update();
    }
  }

  public List<PlaceAssignment> list(String operationCode, int round) {
    return jdbc.sql(
            """
            select enumerator, place_code as place from collection.assignment
             where operation_code = :op and round_number = :n
             order by enumerator, place_code
            """)
        .param("op", operationCode)
        .param("n", round)
        .query(PlaceAssignment.class)
        .list();
  }

  /** The round whose list applies to round {@code round}: its own, else the latest earlier one. */
  public Optional<Integer> findListRound(String operationCode, int round) {
    return jdbc.sql(
            """
            select round_number from collection.assignment
             where operation_code = :op and round_number <= :n
             order by round_number desc limit 1
            """)
        .param("op", operationCode)
        .param("n", round)
        .query(Integer.class)
        .optional();
  }

  /**
   * Per submitter, the submissions sent for the round. A submission belongs to the round it was
   * processed for; one not processed yet belongs to the round collecting now.
   */
  public List<SubmitterCounts> countBySubmitter(
      String operationCode, int round, boolean collectingNow) {
    return jdbc.sql(
            """
            select submitter,
                   count(*) as submitted,
                   count(*) filter (where processing = 'APPLIED') as applied,
                   count(*) filter (where processing = 'NOT_APPLIED' and state <> 'REJECTED')
                     as not_applied,
                   count(*) filter (where processing = 'PENDING') as pending,
                   count(*) filter (where state = 'REJECTED') as rejected,
                   count(distinct place_code) filter (where processing = 'APPLIED') as places,
                   max(received_at) as last_at
              from collection.submission
             where operation_code = :op and state <> 'DELETED'
               and (target_round = :n
                    or (:collecting and target_round is null and processing = 'PENDING'))
             group by submitter
            """)
        .param("op", operationCode)
        .param("n", round)
        .param("collecting", collectingNow)
        .query(SubmitterCounts.class)
        .list();
  }

  /** Where the round's applied submissions are. */
  public List<Visit> visits(String operationCode, int round) {
    return jdbc.sql(
            """
            select submitter, place_code, unit_pcode from collection.submission
             where operation_code = :op and target_round = :n and processing = 'APPLIED'
               and state <> 'DELETED'
            """)
        .param("op", operationCode)
        .param("n", round)
        .query(Visit.class)
        .list();
  }
}
