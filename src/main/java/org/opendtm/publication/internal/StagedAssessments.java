package org.opendtm.publication.internal;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A round's assessments (id, type, admin unit) staged once per publication in the temporary table
 * {@code pub_assessment} (dropped at commit), for every step of that publication that joins the
 * round's figures to their assessments: the aggregates and the breakdowns. Read by the round index,
 * one range, and analysed, so each join to the round's figures is a hash join over the round's
 * 100,000 assessments instead of a look-up per figure or a hash of every round's assessments.
 *
 * <p>Holding one proves the table was filled for {@link #roundId()} in the current transaction;
 * staging another round in the same transaction replaces the table (callers stage just before use).
 */
final class StagedAssessments {

  private final long roundId;

  private StagedAssessments(long roundId) {
    this.roundId = roundId;
  }

  /**
   * (Re)creates {@code pub_assessment} with the round's assessments, in the caller's transaction.
   */
  static StagedAssessments stage(JdbcClient jdbc, long roundId) {
    // The publication's temporary tables (this one, the aggregation's and the breakdowns') are
    // analysed for their row counts and join columns only: a sample of 3,000 rows gives the
    // planner the same plans as the default 30,000, and analysing them cost ~0.15 s of every
    // publication at 100,000 locations (docs/perf.md §13). Until the end of the transaction.
    jdbc.sql("set local default_statistics_target = 10").update();
    jdbc.sql("drop table if exists pg_temp.pub_assessment").update();
    jdbc.sql(
            """
            create temp table pub_assessment on commit drop as
            select id, assessment_type, admin_unit_id
              from publication.v_assessment_for_publication where round_id = :round
            """)
        .param("round", roundId)
        .update();
    jdbc.sql("analyze pub_assessment").update();
    return new StagedAssessments(roundId);
  }

  long roundId() {
    return roundId;
  }

  /** Fails when these are another round's assessments than the revision's. */
  void requireRound(long expected) {
    if (roundId != expected) {
      throw new IllegalStateException(
          "Assessments of round " + roundId + " are staged, not of round " + expected);
    }
  }
}
