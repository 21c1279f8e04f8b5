package org.opendtm.publication.internal;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes the breakdowns of revisions published before breakdowns existed (a database upgraded
 * from an earlier version), once, after start, on a background thread: a Java step rather than a
 * migration because the band columns depend on each operation's bands, and because the step is
 * {@link BreakdownPublisher}'s own (one definition of the numbers).
 *
 * <p>Only current revisions whose round is still published at that revision are computed: the
 * breakdowns are read from tracking's figures of today, which equal the revision's figures only
 * while the round has not been reopened for a correction. Other revisions keep no breakdown (the
 * dashboard says so). Each revision is one repeatable-read transaction, so the check and the
 * figures are read from one snapshot.
 */
@Component
public class BreakdownBackfill {

  private static final Logger log = LoggerFactory.getLogger(BreakdownBackfill.class);

  private final Breakdowns breakdowns;
  private final BreakdownPublisher publisher;
  private final GeographyManagement geography;
  private final JdbcClient jdbc;
  private final TransactionTemplate snapshot;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "breakdown-backfill");
            thread.setDaemon(true);
            return thread;
          });

  BreakdownBackfill(
      Breakdowns breakdowns,
      BreakdownPublisher publisher,
      GeographyManagement geography,
      JdbcClient jdbc,
      PlatformTransactionManager transactions) {
    this.breakdowns = breakdowns;
    this.publisher = publisher;
    this.geography = geography;
    this.jdbc = jdbc;
    this.snapshot = new TransactionTemplate(transactions);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    worker.execute(
        () -> {
          long started = System.nanoTime();
          try {
            int done = backfill();
            log.info(
                "Breakdown back-fill: {} published revisions in {} ms",
                done,
                (System.nanoTime() - started) / 1_000_000);
          } catch (RuntimeException e) {
            log.warn("Breakdown back-fill stopped: {}", e.toString());
          }
        });
  }

  /**
   * Computes every missing breakdown that can still be computed.
   *
   * @return how many revisions got their breakdowns
   */
  public int backfill() {
    int done = 0;
    for (RoundRevision missing : breakdowns.listMissing()) {
      try {
        if (Boolean.TRUE.equals(snapshot.execute(tx -> backfill(missing)))) done++;
      } catch (RuntimeException e) {
        // e.g. published again meanwhile: that publication computed its own breakdowns
        log.warn(
            "No breakdowns back-filled for round {} revision {}: {}",
            missing.roundId(),
            missing.revision(),
            e.toString());
      }
    }
    return done;
  }

  private boolean backfill(RoundRevision missing) {
    record Candidate(
        long operationId,
        String operationCode,
        int roundNumber,
        java.time.LocalDate reportingDate) {}
    Candidate candidate =
        jdbc.sql(
                """
                select pr.operation_id, pr.operation_code, pr.round_number, pr.reporting_date
                  from publication.published_round pr
                  join publication.v_round_for_publication r on r.round_id = pr.round_id
                 where pr.round_id = :round and pr.revision = :revision and pr.current
                   and r.status = 'PUBLISHED' and r.revision = pr.revision
                   and not exists (select 1 from publication.breakdown_revision b
                                    where b.round_id = pr.round_id and b.revision = pr.revision)
                """)
            .param("round", missing.roundId())
            .param("revision", missing.revision())
            .query(Candidate.class)
            .optional()
            .orElse(null);
    if (candidate == null) return false;
    Operation operation = geography.getOperation(candidate.operationId());
    publisher.publish(
        new RevisionPublisher.Revision(
            candidate.operationId(),
            candidate.operationCode(),
            missing.roundId(),
            candidate.roundNumber(),
            candidate.reportingDate(),
            missing.revision(),
            operation.adminLevels()),
        operation.sexAgeBands(),
        BreakdownPublisher.Source.BACKFILL);
    return true;
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
