package org.opendtm.access;

import java.util.List;
import java.util.UUID;
import org.opendtm.platform.jobs.Job;
import org.opendtm.platform.jobs.JobManagement;
import org.springframework.stereotype.Service;

/**
 * Who may follow a job: its owner, platform administrators, and holders of the right the job names
 * in its operation (e.g. another manager of the operation sees a colleague's import). Anyone else
 * is told the job does not exist, so job ids reveal nothing.
 */
@Service
public class JobAccess {

  private final JobManagement jobs;
  private final AccessPolicy access;

  JobAccess(JobManagement jobs, AccessPolicy access) {
    this.jobs = jobs;
    this.access = access;
  }

  /** True when the caller may see the job. */
  public boolean maySee(Job job) {
    if (!access.isSignedIn()) return false;
    if (access.isPlatformAdmin() || job.owner().equals(access.currentUser())) return true;
    if (job.operation() == null || job.requiredRight() == null) return false;
    Right right;
    try {
      right = Right.valueOf(job.requiredRight());
    } catch (IllegalArgumentException e) {
      return false; // a right since renamed: owner and admins only
    }
    return access.holds(job.operation(), right);
  }

  /** The job when the caller may see it; a 404 problem otherwise. */
  public Job getVisibleJob(UUID id) {
    return jobs.findJob(id).filter(this::maySee).orElseThrow(() -> JobManagement.notFound(id));
  }

  /** The operation's jobs the caller may see, newest first. */
  public List<Job> listVisibleJobs(String operationCode, int limit) {
    return jobs.listJobs(operationCode, limit).stream().filter(this::maySee).toList();
  }
}
