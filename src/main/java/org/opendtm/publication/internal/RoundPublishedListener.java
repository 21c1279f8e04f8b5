package org.opendtm.publication.internal;

import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.tracking.RoundPublished;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes a revision's aggregates when tracking publishes it (its breakdowns follow after the
 * commit, {@link BreakdownBackfill#afterCommit}). A plain (synchronous) event listener on purpose,
 * not a transactional one: it runs inside tracking's publishing transaction, so the aggregates and
 * the round's new status commit together or not at all. MANDATORY makes a publication outside a
 * transaction fail loudly instead of switching half-way.
 */
@Component
class RoundPublishedListener {

  private final RevisionPublisher publisher;
  private final BreakdownBackfill breakdowns;
  private final GeographyManagement geography;
  private final JdbcClient jdbc;
  private final AggregatedRoundTotals totals;

  RoundPublishedListener(
      RevisionPublisher publisher,
      BreakdownBackfill breakdowns,
      GeographyManagement geography,
      JdbcClient jdbc,
      AggregatedRoundTotals totals) {
    this.totals = totals;
    this.publisher = publisher;
    this.breakdowns = breakdowns;
    this.geography = geography;
    this.jdbc = jdbc;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(RoundPublished event) {
    Operation operation = geography.getOperation(event.operationId());
    int adminLevels = operation.adminLevels();
    RevisionPublisher.Revision revision =
        new RevisionPublisher.Revision(
            event.operationId(),
            event.operationCode(),
            event.roundId(),
            event.roundNumber(),
            event.reportingDate(),
            event.revision(),
            adminLevels);
    // the round's assessments, read once for both steps
    StagedAssessments assessments = StagedAssessments.stage(jdbc, event.roundId());
    // tracking records these totals with the revision instead of summing the figures again
    publisher
        .publish(revision, assessments)
        .ifPresent(sums -> totals.remember(event.roundId(), event.revision(), sums));
    // sex-and-age and shelter breakdowns: after the commit, on the breakdown worker (not among
    // the aggregates switched in atomically; reads of the revision wait for them)
    breakdowns.afterCommit(revision);
  }
}
