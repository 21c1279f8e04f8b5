package org.opendtm.publication.internal.disclosure;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.geography.OperationChanged;
import org.opendtm.platform.DaemonThreads;
import org.opendtm.platform.NotFoundException;
import org.opendtm.publication.internal.BreakdownsStored;
import org.opendtm.tracking.RoundPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Computes the suppression of newly published revisions right after their publication commits (and
 * after a threshold change, and once at start for anything not yet protected), on background
 * threads. Public readers never compute it: they wait for it at most {@code
 * opendtm.disclosure.reader-wait} (default 1 s) from the moment the computation was asked for, then
 * read what is protected — the round's previous protected revision, or nothing of a round whose
 * first revision is not protected yet (docs/disclosure.md, "When a new revision becomes public").
 * So a small revision is seen at once and a large one never stalls anybody.
 */
@Component
public class EagerDisclosure {

  private static final Logger log = LoggerFactory.getLogger(EagerDisclosure.class);

  /** Retries of a failed computation (a reader finding runs missing asks again afterwards). */
  private static final int RETRIES = 5;

  private final DisclosureControl disclosure;
  private final BreakdownDisclosure breakdowns;
  private final GeographyManagement geography;
  private final long readerWaitNanos;
  // two at a time: a large round of one operation does not hold up another's (a round's runs
  // are computed one at a time anyway, under its lock); more would only share the same cores
  // and each computation holds its tables in memory
  private final ScheduledExecutorService worker =
      Executors.newScheduledThreadPool(2, DaemonThreads.named("disclosure-control"));

  /** The latest computation asked for, per operation code. */
  private final ConcurrentHashMap<String, Job> latest = new ConcurrentHashMap<>();

  /** A computation of an operation's missing runs; {@code aggregates} completes when they are. */
  private record Job(long askedAt, CompletableFuture<Void> aggregates) {}

  EagerDisclosure(
      DisclosureControl disclosure,
      BreakdownDisclosure breakdowns,
      GeographyManagement geography,
      @Value("${opendtm.disclosure.reader-wait:1s}") Duration readerWait) {
    this.disclosure = disclosure;
    this.breakdowns = breakdowns;
    this.geography = geography;
    this.readerWaitNanos = readerWait.toNanos();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void on(RoundPublished event) {
    protectLater(event.operationCode());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(OperationChanged event) {
    protectLater(event.code());
  }

  /**
   * Breakdowns stored after their publication: protected at once, on the breakdown worker's thread,
   * where the aggregates' run they build on exists (else the aggregates' job, asked for when the
   * revision was published, protects them after its own run). Not a job of this class's two
   * threads: those may be held up by a large round's aggregates.
   */
  @EventListener
  void on(BreakdownsStored event) {
    try {
      breakdowns.protectWhereAggregatesAre(geography.getOperation(event.operationCode()));
    } catch (RuntimeException e) {
      // public reads compute a missing run themselves
      log.warn("Breakdowns of {} not protected yet: {}", event.operationCode(), e.toString());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    geography.listOperations().forEach(operation -> protectLater(operation.code()));
  }

  /**
   * Waits, a bounded time, for the runs public reads of these rounds need. Returns at once when
   * none is missing; otherwise asks for the computation (unless it is under way) and waits until it
   * is done or {@code reader-wait} has passed since it was asked for, whichever comes first. The
   * caller then reads what is protected, never more.
   *
   * @param fromRound first round the read shows, null for all
   * @param toRound last round the read shows, null for all
   */
  public void awaitProtection(Operation operation, Integer fromRound, Integer toRound) {
    List<DisclosureControl.Unprotected> missing =
        disclosure.listUnprotected(operation).stream()
            .filter(u -> fromRound == null || u.roundNumber() >= fromRound)
            .filter(u -> toRound == null || u.roundNumber() <= toRound)
            .toList();
    if (missing.isEmpty()) return;
    Job job = latest.get(operation.code());
    if (job == null || job.aggregates().isDone()) job = protectLater(operation.code());
    long remaining = job.askedAt() + readerWaitNanos - System.nanoTime();
    if (remaining > 0) {
      try {
        job.aggregates().get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        log.debug(
            "Disclosure control of {} still running: the previous protected revisions are read",
            operation.code());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // logged by the worker; what is protected is read
      }
    }
    List<DisclosureControl.Unprotected> still =
        disclosure.listUnprotected(operation).stream().filter(missing::contains).toList();
    // the caller reads without them: their runs, when stored, must empty what it keeps
    if (!still.isEmpty()) disclosure.markReadUnprotected(still);
  }

  private Job protectLater(String operationCode) {
    Job job = new Job(System.nanoTime(), new CompletableFuture<>());
    latest.put(operationCode, job);
    try {
      worker.execute(() -> run(operationCode, job, 0));
    } catch (RejectedExecutionException e) {
      job.aggregates().complete(null); // shutting down
    }
    return job;
  }

  private void run(String operationCode, Job job, int attempt) {
    long started = System.nanoTime();
    try {
      Operation operation = geography.getOperation(operationCode);
      disclosure.protect(operation);
      job.aggregates().complete(null);
      // the breakdowns' runs build on the aggregates' (docs/breakdowns.md)
      breakdowns.protect(operation);
      log.debug(
          "Disclosure control of {} done in {} ms",
          operationCode,
          (System.nanoTime() - started) / 1_000_000);
    } catch (NotFoundException e) {
      job.aggregates().complete(null); // the operation is gone: nothing to protect
    } catch (RuntimeException e) {
      // readers go on reading what is protected; nothing is published unprotected
      job.aggregates().complete(null);
      if (attempt < RETRIES) {
        long delay = 30L << attempt;
        log.warn(
            "Disclosure control of {} failed, retried in {} s: {}",
            operationCode,
            delay,
            e.toString());
        try {
          worker.schedule(() -> run(operationCode, job, attempt + 1), delay, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopped) {
          // shutting down
        }
      } else {
        log.error(
            "Disclosure control of {} failed {} times; the next public read asks again",
            operationCode,
            attempt + 1,
            e);
      }
    }
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
