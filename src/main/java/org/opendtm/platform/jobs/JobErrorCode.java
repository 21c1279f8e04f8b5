package org.opendtm.platform.jobs;

import org.opendtm.platform.ErrorCode;
import org.springframework.http.HttpStatus;

/** Problems with jobs themselves (a job's own failure carries its work's code). */
public enum JobErrorCode implements ErrorCode {
  JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "Job not found"),
  JOB_INTERRUPTED(HttpStatus.SERVICE_UNAVAILABLE, "Job interrupted"),
  JOB_QUEUE_FULL(HttpStatus.SERVICE_UNAVAILABLE, "Too many jobs waiting");

  private final HttpStatus status;
  private final String title;

  JobErrorCode(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  @Override
  public HttpStatus status() {
    return status;
  }

  @Override
  public String title() {
    return title;
  }
}
