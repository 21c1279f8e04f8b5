package org.opendtm.access.web;

import java.util.List;
import java.util.UUID;
import org.opendtm.access.Allow;
import org.opendtm.access.AnySignedIn;
import org.opendtm.access.JobAccess;
import org.opendtm.access.Right;
import org.opendtm.platform.jobs.Job;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: long work run in the background (imports and publications asked with ?async=true). */
@RestController
class JobController {

  private final JobAccess jobs;

  JobController(JobAccess jobs) {
    this.jobs = jobs;
  }

  /** A job with its progress, and its result or problem once finished; 404 unless visible. */
  @GetMapping("/api/v1/jobs/{job}")
  @AnySignedIn
  Job get(@PathVariable UUID job) {
    return jobs.getVisibleJob(job);
  }

  /** The operation's jobs that the caller may follow, newest first. */
  @GetMapping("/api/v1/operations/{operation}/jobs")
  @Allow(Right.READ_ROUNDS)
  List<Job> list(@PathVariable String operation, @RequestParam(defaultValue = "50") int limit) {
    return jobs.listVisibleJobs(operation, limit);
  }
}
