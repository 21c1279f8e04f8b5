package org.opendtm.platform.jobs;

/** Where a job is in its life; SUCCEEDED and FAILED are final. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }
}
