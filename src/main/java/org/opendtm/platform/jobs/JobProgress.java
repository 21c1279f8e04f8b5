package org.opendtm.platform.jobs;

/**
 * The progress channel from long work to the job running it. The work does not know it runs as a
 * job: {@link org.opendtm.platform.PhaseTimer#lap} reports each phase it ends here, and when the
 * current thread runs a job the phase becomes the job's progress. Outside a job this does nothing.
 */
public final class JobProgress {

  /** Receives the phases of the job running on the current thread. */
  interface Listener {
    void phaseFinished(String phase);
  }

  private static final ThreadLocal<Listener> CURRENT = new ThreadLocal<>();

  private JobProgress() {}

  /** Reports that a phase of the current work has ended (a no-op outside a job). */
  public static void phaseFinished(String phase) {
    Listener listener = CURRENT.get();
    if (listener != null) listener.phaseFinished(phase);
  }

  /** True when the current thread runs a job. */
  public static boolean inJob() {
    return CURRENT.get() != null;
  }

  static void attach(Listener listener) {
    CURRENT.set(listener);
  }

  static void detach() {
    CURRENT.remove();
  }
}
