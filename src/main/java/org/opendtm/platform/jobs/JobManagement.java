package org.opendtm.platform.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.opendtm.platform.ErrorCode;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Runs long work in the background as jobs: a small pool of workers (two by default, {@code
 * opendtm.jobs.workers}) so that a burst of imports cannot take the database's connections from the
 * people reading. The work runs with the submitter's security context, its {@code PhaseTimer} laps
 * become the job's progress, and its answer — or the problem it raised — is kept with the job.
 * Access to jobs is the callers' business: a job names the right that others need to follow it.
 */
@Service
public class JobManagement implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(JobManagement.class);

  private final Jobs jobs;
  private final ObjectMapper json;
  private final ThreadPoolExecutor workers;

  JobManagement(
      Jobs jobs,
      ObjectMapper json,
      @Value("${opendtm.jobs.workers:2}") int workerCount,
      @Value("${opendtm.jobs.queue:100}") int queueCapacity) {
    this.jobs = jobs;
    this.json = json;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            workerCount,
            workerCount,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            work -> {
              Thread thread = new Thread(work, "opendtm-job-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Queues work as a job of the current user and returns the job, QUEUED. The work's return value
   * becomes the job's result (as JSON); an exception its problem. Whatever happens, the spec's
   * files are deleted when the work ends (or at once when the job cannot be queued).
   *
   * @throws OpenDtmException 503 when too many jobs are waiting already
   */
  public Job submit(JobSpec spec, Supplier<?> work) {
    SecurityContext submitter = SecurityContextHolder.getContext();
    Authentication authentication = submitter.getAuthentication();
    String owner = authentication == null ? "system" : authentication.getName();
    UUID id = UUID.randomUUID();
    Integer total = jobs.findLastPhaseCount(spec.kind()).orElse(spec.expectedPhases());
    try {
      jobs.insert(id, spec, owner, total);
      workers.execute(() -> run(id, spec, total, authentication, work));
    } catch (RejectedExecutionException e) {
      deleteFiles(spec.files());
      OpenDtmException refused =
          new OpenDtmException(
              JobErrorCode.JOB_QUEUE_FULL, "Too many jobs are waiting; try again in a few minutes");
      jobs.failed(id, problem(refused));
      throw refused;
    } catch (RuntimeException e) {
      deleteFiles(spec.files());
      throw e;
    }
    return getJob(id);
  }

  /** The job, or empty when there is none with this id. */
  public Optional<Job> findJob(UUID id) {
    return jobs.find(id);
  }

  /** The job, or a 404 problem. */
  public Job getJob(UUID id) {
    return jobs.find(id).orElseThrow(() -> notFound(id));
  }

  /** The operation's jobs, newest first (at most {@code limit}). */
  public List<Job> listJobs(String operationCode, int limit) {
    return jobs.listByOperation(operationCode, Math.max(1, Math.min(limit, 500)));
  }

  /** The problem for a job nobody may see: the same as for a job that does not exist. */
  public static NotFoundException notFound(UUID id) {
    return new NotFoundException(JobErrorCode.JOB_NOT_FOUND, "No job " + id);
  }

  /**
   * Marks jobs left QUEUED or RUNNING by a previous run of the server FAILED: their thread died
   * with it, and a job that says RUNNING forever would mislead whoever waits for it.
   */
  public int failInterruptedJobs() {
    int failed =
        jobs.failUnfinished(
            problem(
                new OpenDtmException(
                    JobErrorCode.JOB_INTERRUPTED,
                    "The job was interrupted by a restart of the server; nothing of it was"
                        + " stored. Submit it again.")));
    if (failed > 0) log.warn("{} job(s) interrupted by the last shutdown marked FAILED", failed);
    return failed;
  }

  @Override
  public void afterSingletonsInstantiated() {
    failInterruptedJobs();
  }

  @PreDestroy
  void stop() {
    // running jobs die with the server; the next start marks them FAILED
    workers.shutdownNow();
  }

  private void run(
      UUID id, JobSpec spec, Integer total, Authentication submitter, Supplier<?> work) {
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(submitter);
    SecurityContextHolder.setContext(context);
    PhaseCounter counter = new PhaseCounter(id, total);
    JobProgress.attach(counter);
    try {
      jobs.started(id);
      Object result = work.get();
      jobs.succeeded(id, Math.max(counter.done, 1), json.valueToTree(result));
    } catch (OpenDtmException e) {
      jobs.failed(id, problem(e));
    } catch (RuntimeException | Error e) {
      log.error("Job {} ({}) failed unexpectedly", id, spec.kind(), e);
      jobs.failed(
          id,
          problem(
              new OpenDtmException(
                  PlatformErrorCode.INTERNAL,
                  "Something went wrong on our side; nothing of the job was stored. The error is"
                      + " in the server log.")));
    } finally {
      JobProgress.detach();
      SecurityContextHolder.clearContext();
      deleteFiles(spec.files());
    }
  }

  private JsonNode problem(OpenDtmException e) {
    ErrorCode code = e.code();
    ProblemDetail problem =
        ProblemResponses.problem(code, e.getMessage(), e.errors(), e.errorCount());
    e.properties().forEach(problem::setProperty);
    return json.valueToTree(problem);
  }

  private static void deleteFiles(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("A job's temporary file {} could not be deleted: {}", file, e.getMessage());
      }
    }
  }

  /** Counts the work's phases into the job's progress. */
  private final class PhaseCounter implements JobProgress.Listener {
    private final UUID id;
    private Integer total;
    private int done;

    PhaseCounter(UUID id, Integer total) {
      this.id = id;
      this.total = total;
    }

    @Override
    public void phaseFinished(String phase) {
      done++;
      // a guess proven short grows with the work rather than showing 100 % before the end
      if (total != null && done >= total) total = done + 1;
      try {
        jobs.progress(id, phase, done, total);
      } catch (RuntimeException e) {
        // progress is a courtesy: the work goes on without it
        log.warn("Job {}: progress not recorded: {}", id, e.getMessage());
      }
    }
  }
}
