package org.opendtm.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a request's writes on a second thread, one after another, on the connection of the request's
 * transaction, while the request's thread goes on (typically reading the next part of a file):
 * PostgreSQL stores part <i>n</i> while the JVM reads part <i>n + 1</i>. Everything stays in the
 * one transaction, so a refused file still leaves nothing behind.
 *
 * <p>Rules for the caller, because the two threads share one connection:
 *
 * <ul>
 *   <li>create it inside the transaction, after the last statement the request's thread runs before
 *       {@link #finish}; issue no statement on the request's thread until {@link #finish} or {@link
 *       #abort} has returned (both wait until the writer is idle);
 *   <li>call {@link #abort} in a {@code finally} (it does nothing after {@link #finish}), so a
 *       request that fails while reading still waits for the writer before its rollback.
 * </ul>
 *
 * <p>At most {@code capacity} tasks wait: memory stays bounded whatever the size of the file. The
 * first failing task stops the writer; later {@link #submit} calls throw that failure at once, so
 * the reader stops early, and {@link #finish} throws it too.
 */
public final class TransactionWriter {

  /** One write, run on the writer thread with the transaction's connection. */
  @FunctionalInterface
  public interface Task {
    void run(Connection connection) throws SQLException;
  }

  private static final Task END = connection -> {};

  private final Connection connection;
  private final DataSource dataSource;
  private final SQLExceptionTranslator translator;
  private final BlockingQueue<Task> queue;
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean aborted;
  private boolean ended;

  /**
   * @param dataSource the transaction's data source (its connection is the bound one)
   * @param name the writer thread's name
   * @param capacity tasks that may wait (e.g. 2: one being written, two ready, one being filled)
   */
  public TransactionWriter(DataSource dataSource, String name, int capacity) {
    if (!TransactionSynchronizationManager.isActualTransactionActive())
      throw new IllegalStateException("a TransactionWriter writes in the caller's transaction");
    this.dataSource = dataSource;
    this.connection = DataSourceUtils.getConnection(dataSource);
    this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Hands a write to the writer, waiting while {@code capacity} others wait. Throws the failure of
   * an earlier write, if one failed.
   */
  public void submit(Task task) {
    if (ended) throw new IllegalStateException("the writer has ended");
    throwIfFailed();
    put(task);
  }

  /** Waits until every submitted write is done; throws the first failure, if any. */
  public void finish() {
    end();
    throwIfFailed();
  }

  /**
   * Drops the writes still waiting and waits for the one being run; the caller then rolls the
   * transaction back. Does nothing after {@link #finish}.
   */
  public void abort() {
    if (ended) return;
    aborted = true;
    queue.clear();
    end();
  }

  private void end() {
    if (!ended) {
      ended = true;
      put(END);
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // the connection must be idle before this returns
      }
    }
    DataSourceUtils.releaseConnection(connection, dataSource);
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void put(Task task) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(task);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void throwIfFailed() {
    Throwable failed = failure;
    if (failed == null) return;
    if (failed instanceof SQLException e) {
      RuntimeException translated = translator.translate("writing while reading", null, e);
      throw translated != null
          ? translated
          : new IllegalStateException("Writing failed: " + e.getMessage(), e);
    }
    if (failed instanceof RuntimeException e) throw e;
    if (failed instanceof Error e) throw e;
    throw new IllegalStateException("Writing failed: " + failed.getMessage(), failed);
  }

  private void run() {
    while (true) {
      Task task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        continue; // nobody interrupts this thread; wait for the end
      }
      if (task == END) return;
      if (failure != null || aborted) continue; // drop until the end
      try {
        task.run(connection);
      } catch (Throwable e) {
        failure = e;
      }
    }
  }
}
