package org.opendtm.collection.internal.binding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opendtm.collection.SubmissionReceived;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.PlaceResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Applies PENDING submissions on one background thread, so that the phone's 201 never waits for
 * validation and field data can never make the phone fail. Woken by every new submission and at
 * start-up (a crash between a submission's commit and its application leaves it PENDING in the
 * database, never lost). One thread: a round's validation runs for one submission at a time anyway.
 */
@Component
public class SubmissionWorker implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SubmissionWorker.class);
  private static final int BATCH = 200;

  private final ProcessingStates states;
  private final SubmissionApplier applier;
  private final GeographyManagement geography;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "submission-binding");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SubmissionWorker(
      ProcessingStates states, SubmissionApplier applier, GeographyManagement geography) {
    this.states = states;
    this.applier = applier;
    this.geography = geography;
  }

  @EventListener
  void on(SubmissionReceived event) {
    wake();
  }

  @EventListener(ApplicationReadyEvent.class)
  void started() {
    wake();
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
            applier.apply(id, op -> places.computeIfAbsent(op, geography::placeResolver));
            applied++;
          } catch (RuntimeException e) {
            // not the data (that is recorded as NOT_APPLIED): the database or a bug; the row
            // stays PENDING and is tried again at the next wake-up or start
            log.warn("Submission {} could not be applied now: {}", id, e.toString());
          }
          after = id;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Applying pending submissions stopped: {}", e.toString());
    }
    if (applied > 0) log.debug("Applied {} pending submissions", applied);
  }

  @Override
  public void destroy() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }
}
