package org.opendtm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opendtm.platform.jobs.Job;
import org.opendtm.platform.jobs.JobState;

class AsyncResponsesTest {

  @Test
  void asyncIsAskedByParameterOrByThePreferHeader() {
    assertThat(AsyncResponses.wanted(true, null)).isTrue();
    assertThat(AsyncResponses.wanted(false, null)).isFalse();
    assertThat(AsyncResponses.wanted(null, null)).isFalse();
    assertThat(AsyncResponses.wanted(null, "respond-async")).isTrue();
    assertThat(AsyncResponses.wanted(null, "return=minimal, Respond-Async; wait=10")).isTrue();
    assertThat(AsyncResponses.wanted(null, "return=representation")).isFalse();
    assertThat(AsyncResponses.wanted(null, "respond-asynchronously")).isFalse();
  }

  @Test
  void acceptedAnswers202WithTheJobsAddress() {
    UUID id = UUID.randomUUID();
    Job job =
        new Job(
            id,
            "publish",
            "OP",
            "admin",
            "READ_ROUNDS",
            "round 1",
            JobState.QUEUED,
            new Job.Progress(null, 0, null),
            null,
            null,
            Instant.now(),
            null,
            null);
    var response = AsyncResponses.accepted(job);
    assertThat(response.getStatusCode().value()).isEqualTo(202);
    assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/jobs/" + id);
    assertThat(response.getBody()).isSameAs(job);
  }

  @Test
  void progressPercentIsUnknownWithoutATotalAndNeverAboveAHundred() {
    assertThat(new Job.Progress("x", 3, null).percent()).isNull();
    assertThat(new Job.Progress("x", 5, 20).percent()).isEqualTo(25);
    assertThat(new Job.Progress("x", 30, 20).percent()).isEqualTo(100);
  }
}
