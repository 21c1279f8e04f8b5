package org.opendtm.publication.internal;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.platform.DaemonThreads;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.opendtm.tracking.RoundReopening;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes breakdowns outside the publishing transaction, on one background thread:
 *
 * <ul>
 *   <li>a revision's, right after its publication commits ({@link #afterCommit}): the breakdowns
 *       (1–2 s for 100,000 locations) are not among the aggregates a publication switches in
 *       atomically, and computing them inside it kept publishing above its 5 s target (docs/perf.md
 *       section 19). Reads of the revision wait for them a bounded time ({@link
 *       PendingBreakdowns});
 *   <li>those of revisions published before breakdowns existed (a database upgraded from an earlier
 *       version), once, after start: a Java step rather than a migration because the band columns
 *       depend on each operation's bands, and because the step is {@link BreakdownPublisher}'s own
 *       (one definition of the numbers).
 * </ul>
 *
 * <p>Breakdowns are read from tracking's figures of today, which equal a revision's figures only
 * while its round is still published at that revision. Each computation therefore first locks the
 * round's row ({@code FOR SHARE}) and checks it: a reopening for a correction (which locks the row
 * {@code FOR UPDATE}) either waits until the breakdowns are stored or has committed before, and
 * then they are not computed. A reopening that comes first computes the breakdowns still missing
 * itself, before the figures can change ({@link #on(RoundReopening)}); only revisions published
 * before breakdowns existed and reopened since keep none (the dashboard says so).
 */
@Component
public class BreakdownBackfill {

  private static final Logger log = LoggerFactory.getLogger(BreakdownBackfill.class);

  private final Breakdowns breakdowns;
  private final BreakdownPublisher publisher;
  private final GeographyManagement geography;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final PendingBreakdowns pending;
  private final ApplicationEventPublisher events;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(DaemonThreads.named("breakdowns"));

  BreakdownBackfill(
      Breakdowns breakdowns,
      BreakdownPublisher publisher,
      GeographyManagement geography,
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      PendingBreakdowns pending,
      ApplicationEventPublisher events) {
    this.breakdowns = breakdowns;
    this.publisher = publisher;
    this.geography = geography;
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.pending = pending;
    this.events = events;
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
   * Computes the revision's breakdowns once the caller's transaction (its publication) has
   * committed; nothing when it rolls back. Reads of the revision wait for them meanwhile.
   */
  void afterCommit(RevisionPublisher.Revision revision) {
    RoundRevision key = new RoundRevision(revision.roundId(), revision.revision());
    CompletableFuture<Void> done = pending.register(key);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status != STATUS_COMMITTED) {
              pending.done(key, done);
              return;
            }
            try {
              worker.execute(
                  () -> {
                    String stored = null;
                    try {
                      stored = compute(key, BreakdownPublisher.Source.PUBLISH);
                    } catch (RuntimeException e) {
                      log.warn(
                          "No breakdowns for {} round {} revision {}: {}",
                          revision.operationCode(),
                          revision.roundNumber(),
                          revision.revision(),
                          e.toString());
                    } finally {
                      pending.done(key, done); // readers go on; protection follows
                    }
                    if (stored != null) events.publishEvent(new BreakdownsStored(stored));
                  });
            } catch (RejectedExecutionException e) {
              pending.done(key, done); // shutting down: the next start back-fills them
            }
          }
        });
  }

  /**
   * A published round is being reopened: its figures may change once this transaction commits, so
   * the breakdowns of the revision published until now are computed now if the worker has not
   * stored them yet (it waits for the round's row meanwhile, then finds the round reopened).
   */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(RoundReopening event) {
    store(new RoundRevision(event.roundId(), event.revision()), BreakdownPublisher.Source.PUBLISH);
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
        String stored = compute(missing, BreakdownPublisher.Source.BACKFILL);
        if (stored != null) {
          done++;
          events.publishEvent(new BreakdownsStored(stored));
        }
      } catch (RuntimeException e) {
        log.warn(
            "No breakdowns back-filled for round {} revision {}: {}",
            missing.roundId(),
            missing.revision(),
            e.toString());
      }
    }
    return done;
  }

  /**
   * One transaction: lock and check the round, compute and store.
   *
   * @return the operation's code when the breakdowns were stored, else null
   */
  private String compute(RoundRevision missing, BreakdownPublisher.Source source) {
    return transaction.execute(
        tx -> {
          // a reopening waits for this transaction from here on, or has committed before
          boolean published =
              jdbc.sql(
                      """
                          select status = 'PUBLISHED' and revision = :revision
                            from publication.v_round_for_publication
                           where round_id = :round
                             for share
                          """)
                  .param("round", missing.roundId())
                  .param("revision", missing.revision())
                  .query(Boolean.class)
                  .optional()
                  .orElse(false);
          if (!published) return null;
          return store(missing, source);
        });
  }

  private record Candidate(
      long operationId, String operationCode, int roundNumber, java.time.LocalDate reportingDate) {}

  /** The revision, when it is current and has no breakdowns yet. */
  private Candidate candidate(RoundRevision missing) {
    return jdbc.sql(
            """
            select pr.operation_id, pr.operation_code, pr.round_number, pr.reporting_date
              from publication.published_round pr
             where pr.round_id = :round and pr.revision = :revision and pr.current
               and not exists (select 1 from publication.breakdown_revision b
                                where b.round_id = pr.round_id and b.revision = pr.revision)
            """)
        .param("round", missing.roundId())
        .param("revision", missing.revision())
        .query(Candidate.class)
        .optional()
        .orElse(null);
  }

  /** Computes and stores the breakdowns in the caller's transaction; the operation's code. */
  private String store(RoundRevision missing, BreakdownPublisher.Source source) {
    Candidate candidate = candidate(missing);
    if (candidate == null) return null;
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
        source);
    return candidate.operationCode();
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
