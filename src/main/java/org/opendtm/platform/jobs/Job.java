package org.opendtm.platform.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A piece of long work and what came of it.
 *
 * @param kind what the work is, e.g. {@code assessment-import}
 * @param operation the operation the work belongs to, null for platform work
 * @param owner the user who submitted it
 * @param requiredRight the right (an {@code access.Right} name) another user needs in the operation
 *     to see the job
 * @param progress the phases done so far
 * @param result the work's answer as JSON once SUCCEEDED (what the synchronous call returns)
 * @param error an RFC 9457 problem once FAILED (what the synchronous call would have answered)
 */
public record Job(
    UUID id,
    String kind,
    String operation,
    String owner,
    String requiredRight,
    String description,
    JobState state,
    Progress progress,
    JsonNode result,
    JsonNode error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  /**
   * @param phase the last phase finished, null before the first
   * @param done phases finished
   * @param total phases expected (learned from the last successful job of the same kind), null when
   *     not known yet
   */
  public record Progress(String phase, int done, Integer total) {

    /** Percent done, 0 to 100, or null when the total is not known. */
    @JsonProperty("percent")
    public Integer percent() {
      if (total == null || total <= 0) return null;
      return Math.min(100, done * 100 / total);
    }
  }

  /** The path at which the job can be followed. */
  @JsonProperty("location")
  public String location() {
    return "/api/v1/jobs/" + id;
  }
}
