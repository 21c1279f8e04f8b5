package org.opendtm.platform;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the background workers: daemon threads (the JVM does not wait for them; their owners
 * stop them when the application context closes), each named for its worker, so that thread dumps
 * and log lines say whose work they do.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** A factory of daemon threads all called {@code name}. */
  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
