package org.opendtm.publication.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The revisions whose breakdowns are being computed after their publication committed ({@link
 * BreakdownBackfill#afterCommit}), so that a read of such a revision waits for them, a bounded time
 * ({@code opendtm.publication.breakdown-wait}, default 10 s), instead of reporting that the
 * revision has none.
 */
@Component
class PendingBreakdowns {

  private final ConcurrentHashMap<RoundRevision, CompletableFuture<Void>> pending =
      new ConcurrentHashMap<>();
  private final long waitNanos;

  PendingBreakdowns(@Value("${opendtm.publication.breakdown-wait:10s}") Duration wait) {
    this.waitNanos = wait.toNanos();
  }

  CompletableFuture<Void> register(RoundRevision revision) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> earlier = pending.put(revision, done);
    if (earlier != null) earlier.complete(null);
    return done;
  }

  void done(RoundRevision revision, CompletableFuture<Void> done) {
    pending.remove(revision, done);
    done.complete(null);
  }

  /**
   * Waits until the revision's breakdowns are stored (or given up), at most the configured time.
   *
   * @return whether there was anything to wait for
   */
  boolean await(RoundRevision revision) {
    CompletableFuture<Void> done = pending.get(revision);
    if (done == null) return false;
    try {
      done.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // read what is stored
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
