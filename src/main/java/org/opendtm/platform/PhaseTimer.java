package org.opendtm.platform;

import java.util.ArrayList;
import java.util.List;
import org.opendtm.platform.jobs.JobProgress;

/**
 * Wall-clock laps of a multi-step operation (an import, a validation, a publication), for one log
 * line that says where the time went: {@code read 812 ms, store 640 ms, validate 1,020 ms}. Not
 * thread-safe; one per operation. When the work runs as a job, each lap is also the job's progress
 * ({@link JobProgress}).
 */
public final class PhaseTimer {

  private final List<String> laps = new ArrayList<>();
  private final long started = System.nanoTime();
  private long last = started;

  /** Ends the current phase under {@code name}. */
  public void lap(String name) {
    long now = System.nanoTime();
    laps.add(name + " " + (now - last) / 1_000_000 + " ms");
    last = now;
    JobProgress.phaseFinished(name);
  }

  /** Milliseconds since the timer was created. */
  public long totalMillis() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** The laps so far, comma-separated, in order. */
  @Override
  public String toString() {
    return String.join(", ", laps);
  }
}
