package org.opendtm.publication.internal.disclosure;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.OperationChanged;
import org.opendtm.tracking.RoundPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Computes the suppression of newly published revisions right after their publication commits (and
 * after a threshold change, and once at start for anything not yet protected), on one background
 * thread, so that no public reader waits for it. The read path still protects on demand, so a
 * reader arriving first is served correctly, only slower — the suppression is computed once either
 * way (one writer per round).
 */
@Component
class EagerDisclosure {

  private static final Logger log = LoggerFactory.getLogger(EagerDisclosure.class);

  private final DisclosureControl disclosure;
  private final BreakdownDisclosure breakdowns;
  private final GeographyManagement geography;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "disclosure-control");
            thread.setDaemon(true);
            return thread;
          });

  EagerDisclosure(
      DisclosureControl disclosure, BreakdownDisclosure breakdowns, GeographyManagement geography) {
    this.disclosure = disclosure;
    this.breakdowns = breakdowns;
    this.geography = geography;
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void on(RoundPublished event) {
    protectLater(event.operationCode());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(OperationChanged event) {
    protectLater(event.code());
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    geography.listOperations().forEach(operation -> protectLater(operation.code()));
  }

  private void protectLater(String operationCode) {
    worker.execute(
        () -> {
          long started = System.nanoTime();
          try {
            disclosure.protect(geography.getOperation(operationCode));
            // the breakdowns' runs build on the aggregates' (docs/breakdowns.md)
            breakdowns.protect(geography.getOperation(operationCode));
            log.debug(
                "Disclosure control of {} done in {} ms",
                operationCode,
                (System.nanoTime() - started) / 1_000_000);
          } catch (RuntimeException e) {
            // readers protect on demand; nothing is published unprotected
            log.warn(
                "Disclosure control of {} deferred to the next read: {}",
                operationCode,
                e.toString());
          }
        });
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
