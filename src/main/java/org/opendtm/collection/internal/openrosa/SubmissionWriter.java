package org.opendtm.collection.internal.openrosa;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.opendtm.collection.internal.Submissions;
import org.opendtm.collection.internal.Submissions.Existing;
import org.opendtm.collection.internal.Submissions.Inserted;
import org.opendtm.collection.internal.Submissions.NewSubmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of new submissions: request threads hand their submission to one writer thread and
 * wait; the writer stores everything that arrived while the previous batch was committing in one
 * statement and one transaction, then wakes each request with its own answer. A phone is still
 * answered only after its submission's commit (the batch's), so durability is unchanged; what is
 * saved is one transaction, one WAL flush, two round trips and a pooled connection per submission.
 *
 * <p>When a batch holds the same (operation, instanceID) twice, the first copy is stored and the
 * second answered as a retry after the commit would be. When a batch fails, each of its requests is
 * told so ({@link Unavailable}) and stores its submission alone, so that one bad submission cannot
 * refuse the others.
 */
@Component
public class SubmissionWriter implements DisposableBean {

  /** The writer could not store the submission; the caller stores it alone. */
  public static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final int MAX_BATCH = 200;

  /** XML bytes per batch: a batch is one statement, sent as one message. */
  static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(SubmissionWriter.class);
  private static final long WAIT_SECONDS = 60;

  private record Pending(NewSubmission submission, CompletableFuture<Inserted> answer) {
    List<String> key() {
      return List.of(submission.operationCode(), submission.instanceId());
    }
  }

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Submissions submissions;
  private final TransactionTemplate transaction;
  private final Thread thread;
  private volatile boolean running = true;
  private final AtomicLong batches = new AtomicLong();

  SubmissionWriter(Submissions submissions, PlatformTransactionManager transactions) {
    this.submissions = submissions;
    this.transaction = new TransactionTemplate(transactions);
    this.thread = new Thread(this::run, "submission-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Stores the submission unless its instanceID is already stored in the operation, and returns
   * after the commit.
   *
   * @throws Unavailable when its batch failed or the writer is stopping: nothing is known about the
   *     submission; store it alone
   */
  public Inserted insertIfNew(NewSubmission submission) throws Unavailable {
    if (!running) throw new Unavailable("the submission writer is stopped", null);
    Pending pending = new Pending(submission, new CompletableFuture<>());
    queue.add(pending);
    try {
      return pending.answer().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new Unavailable("the batch failed", e.getCause());
    } catch (TimeoutException e) {
      throw new Unavailable("no answer from the submission writer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted", e);
    }
  }

  private void run() {
    while (running) {
      List<Pending> batch = new ArrayList<>();
      try {
        Pending first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) continue;
        batch.add(first);
        long bytes = first.submission().xml().length;
        while (batch.size() < MAX_BATCH && bytes < MAX_BATCH_BYTES) {
          Pending next = queue.poll();
          if (next == null) break;
          batch.add(next);
          bytes += next.submission().xml().length;
        }
        write(batch);
      } catch (InterruptedException e) {
        break;
      } catch (Throwable e) { // the waiting requests must hear of it, whatever it is
        fail(batch, e);
        if (e instanceof Error error) throw error;
      }
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left, new IllegalStateException("the submission writer stopped"));
  }

  /**
   * Stores the first copy of each instanceID of the batch; a second copy (a retry that came in at
   * the same time) gets the answer a retry after the commit would get: the first one's row.
   */
  private void write(List<Pending> batch) {
    Map<List<String>, Integer> firsts = new LinkedHashMap<>();
    List<NewSubmission> rows = new ArrayList<>();
    for (Pending pending : batch) {
      if (firsts.putIfAbsent(pending.key(), rows.size()) == null) rows.add(pending.submission());
    }
    List<Inserted> answers = transaction.execute(status -> submissions.insertAllIfNew(rows));
    batches.incrementAndGet();
    Set<List<String>> answered = new HashSet<>();
    for (Pending pending : batch) {
      int index = firsts.get(pending.key());
      Inserted answer = answers.get(index);
      if (!answered.add(pending.key())) {
        answer =
            answer.createdId() == null
                ? new Inserted(null, answer.existing())
                : new Inserted(
                    null,
                    new Existing(answer.createdId(), "RECEIVED", rows.get(index).xmlSha256()));
      }
      pending.answer().complete(answer);
    }
  }

  /** How many batches were committed since the start (each one transaction). */
  public long batches() {
    return batches.get();
  }

  private static void fail(List<Pending> batch, Throwable e) {
    if (!batch.isEmpty()) {
      log.warn(
          "A batch of {} submissions failed; each is stored alone: {}", batch.size(), e.toString());
    }
    for (Pending pending : batch) pending.answer().completeExceptionally(e);
  }

  @Override
  public void destroy() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(10));
  }
}
