package org.opendtm.platform.web;

import java.net.URI;
import java.util.Arrays;
import org.opendtm.platform.jobs.Job;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Long requests that may be answered at once with a job to follow instead of their result. */
public final class AsyncResponses {

  /** The request parameter that asks for a job. */
  public static final String PARAMETER = "async";

  private AsyncResponses() {}

  /**
   * True when the caller asked for the work to go on in the background: {@code ?async=true} or the
   * header {@code Prefer: respond-async} (RFC 7240).
   */
  public static boolean wanted(Boolean asyncParameter, String preferHeader) {
    if (Boolean.TRUE.equals(asyncParameter)) return true;
    return preferHeader != null
        && Arrays.stream(preferHeader.split(","))
            .map(p -> p.strip().split(";")[0].strip())
            .anyMatch("respond-async"::equalsIgnoreCase);
  }

  /** 202 Accepted with the job, and its address in {@code Location}. */
  public static ResponseEntity<Job> accepted(Job job) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create(job.location()))
        .header("Preference-Applied", "respond-async")
        .body(job);
  }
}
