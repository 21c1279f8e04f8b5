package org.opendtm.collection.internal.binding;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opendtm.collection.SubmissionReceived;
import org.opendtm.collection.internal.binding.SubmissionApplier.TouchedRound;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.platform.DaemonThreads;
import org.opendtm.tracking.RoundOpened;
import org.opendtm.tracking.TrackingManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Applies PENDING submissions on one background thread, so that the phone's 201 never waits for
 * validation and field data can never make the phone fail. Woken by every new submission, by a
 * round opening (submissions that found no open round are queued again) and at start-up (a crash
 * between a submission's commit and its application leaves it PENDING in the database, never lost).
 *
 * <p>The round's validation runs once per batch, not once per submission: each submission's
 * assessment commits with its APPLIED state, and the rounds a batch changed are validated when the
 * queue is empty or at least every {@link #VALIDATION_INTERVAL} while it is not. A whole-round
 * validation of a 100,000-place round costs seconds; once per submission it would make the queue
 * drain at the speed of validation.
 */
@Component
public class SubmissionWorker implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SubmissionWorker.class);
  private static final int BATCH = 200;

  /** While submissions keep coming, flags lag behind the data by at most about this long. */
  static final Duration VALIDATION_INTERVAL = Duration.ofSeconds(10);

  private final ProcessingStates states;
  private final SubmissionApplier applier;
  private final GeographyManagement geography;
  private final TrackingManagement tracking;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(DaemonThreads.named("submission-binding"));
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SubmissionWorker(
      ProcessingStates states,
      SubmissionApplier applier,
      GeographyManagement geography,
      TrackingManagement tracking) {
    this.states = states;
    this.applier = applier;
    this.geography = geography;
    this.tracking = tracking;
  }

  @EventListener
  void on(SubmissionReceived event) {
    wake();
  }

  /**
   * A round opened (after its commit): the operation's submissions that found no open round are
   * applied to it now, as a manager would by {@code POST …/submissions/apply}.
   */
  @TransactionalEventListener(fallbackExecution = true)
  void on(RoundOpened event) {
    // on the worker's thread, not here: after the round's commit its connection is still bound to
    // this thread, so an update made here would join that finished transaction and be committed
    // only when the connection is released — after the worker had already looked for it
    try {
      executor.execute(() -> requeue(event));
    } catch (RuntimeException e) {
      log.warn(
          "Round {} of {} opened while shutting down: apply its waiting submissions with POST"
              + " …/submissions/apply",
          event.roundNumber(),
          event.operationCode());
    }
  }

  private void requeue(RoundOpened event) {
    try {
      int queued = states.requeueWithoutRound(event.operationCode());
      if (queued > 0) {
        log.info(
            "Round {} of {} opened: {} submission(s) that found no open round are applied to it",
            event.roundNumber(),
            event.operationCode(),
            queued);
        wake();
      }
    } catch (RuntimeException e) {
      log.warn(
          "Submissions waiting for round {} of {} could not be queued: {}",
          event.roundNumber(),
          event.operationCode(),
          e.toString());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void started() {
    wake();
    // a crash between a batch's applications and their round's validation leaves the round's
    // flags behind its data: validate the open rounds that changed since they were validated
    try {
      executor.execute(this::validateOpenRounds);
    } catch (RuntimeException e) {
      // shutting down
    }
  }

  /** Makes sure a pass over the PENDING submissions runs soon. */
  public void wake() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        scheduled.set(false); // shutting down: the rows stay PENDING for the next start
      }
    }
  }

  private void drain() {
    // cleared first: a submission arriving while this pass runs schedules another pass
    scheduled.set(false);
    // one geography snapshot per operation for the pass: building one reads every unit
    Map<Long, PlaceResolver> places = new HashMap<>();
    Set<TouchedRound> touched = new LinkedHashSet<>();
    long lastValidation = System.nanoTime();
    long after = 0;
    int applied = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        // forms without a binding: all their waiting submissions in one statement
        states.notAppliedWithoutBinding();
        List<Long> ids = states.pendingAfter(after, BATCH);
        if (ids.isEmpty()) break;
        for (Long id : ids) {
          try {
            applier.apply(id, op -> places.computeIfAbsent(op, geography::placeResolver), touched);
            applied++;
          } catch (RuntimeException e) {
            // not the data (that is recorded as NOT_APPLIED): the database or a bug; the row
            // stays PENDING and is tried again at the next wake-up or start
            log.warn("Submission {} could not be applied now: {}", id, e.toString());
          }
          after = id;
        }
        if (System.nanoTime() - lastValidation >= VALIDATION_INTERVAL.toNanos()) {
          validate(touched);
          lastValidation = System.nanoTime();
        }
      }
    } catch (RuntimeException e) {
      log.warn("Applying pending submissions stopped: {}", e.toString());
    } finally {
      validate(touched);
    }
    if (applied > 0) log.debug("Applied {} pending submissions", applied);
  }

  private void validate(Set<TouchedRound> touched) {
    for (TouchedRound round : touched) {
      try {
        tracking.validateIfChanged(round.operationCode(), round.roundNumber());
      } catch (RuntimeException e) {
        // the round's next validation (review, publish, the next batch) catches up
        log.warn(
            "Validation of {} round {} after applying submissions failed: {}",
            round.operationCode(),
            round.roundNumber(),
            e.toString());
      }
    }
    touched.clear();
  }

  private void validateOpenRounds() {
    Set<TouchedRound> open = new LinkedHashSet<>();
    try {
      for (Operation operation : geography.listOperations()) {
        tracking
            .findCollectingRound(operation.code())
            .ifPresent(r -> open.add(new TouchedRound(operation.code(), r.number())));
      }
    } catch (RuntimeException e) {
      log.warn("Open rounds could not be listed for validation: {}", e.toString());
    }
    validate(open);
  }

  @Override
  public void destroy() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
