package org.opendtm.tracking.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.platform.jobs.JobManagement;
import org.opendtm.platform.jobs.JobSpec;
import org.opendtm.platform.web.AsyncResponses;
import org.opendtm.tracking.FlagFilter;
import org.opendtm.tracking.FlagStatus;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundDetails;
import org.opendtm.tracking.RoundProgress;
import org.opendtm.tracking.RoundRevision;
import org.opendtm.tracking.Severity;
import org.opendtm.tracking.TrackingManagement;
import org.opendtm.tracking.ValidationFlag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rounds, their validation flags, review and publication. */
@RestController
@RequestMapping("/api/v1/operations/{operation}/rounds")
class RoundController {

  private final TrackingManagement tracking;
  private final AccessPolicy access;
  private final JobManagement jobs;

  RoundController(TrackingManagement tracking, AccessPolicy access, JobManagement jobs) {
    this.tracking = tracking;
    this.access = access;
    this.jobs = jobs;
  }

  record NewRound(Integer number, LocalDate reportingDate) {}

  record Justification(String justification) {}

  record Reason(String reason) {}

  @PostMapping
  @Allow(Right.OPEN_ROUNDS)
  ResponseEntity<Round> create(@PathVariable String operation, @RequestBody NewRound request) {
    Round round =
        tracking.createRound(
            operation, request.number() == null ? 0 : request.number(), request.reportingDate());
    return ResponseEntity.created(
            URI.create("/api/v1/operations/" + operation + "/rounds/" + round.number()))
        .body(round);
  }

  @GetMapping
  @Allow(Right.READ_ROUNDS)
  List<Round> list(@PathVariable String operation) {
    return tracking.listRounds(operation);
  }

  @GetMapping("/{round}")
  @Allow(Right.READ_ROUNDS)
  RoundDetails get(@PathVariable String operation, @PathVariable int round) {
    return tracking.getRoundDetails(operation, round);
  }

  /** Places assessed against the places expected (previous round or location list). */
  @GetMapping("/{round}/progress")
  @Allow(Right.READ_ROUNDS)
  RoundProgress progress(@PathVariable String operation, @PathVariable int round) {
    return tracking.getRoundProgress(operation, round);
  }

  @GetMapping("/{round}/revisions")
  @Allow(Right.READ_ROUNDS)
  List<RoundRevision> revisions(@PathVariable String operation, @PathVariable int round) {
    return tracking.listRevisions(operation, round);
  }

  @GetMapping("/{round}/flags")
  @Allow(Right.READ_ROUNDS)
  List<ValidationFlag> flags(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestParam(required = false) Severity severity,
      @RequestParam(required = false) FlagStatus status,
      @RequestParam(required = false) String rule) {
    return tracking.listFlags(operation, round, new FlagFilter(severity, status, rule));
  }

  @PostMapping("/{round}/flags/{flag}/justification")
  @Allow(Right.SIGN_OFF)
  ValidationFlag justify(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable long flag,
      @RequestBody Justification request) {
    return tracking.justify(operation, round, flag, request.justification(), access.currentUser());
  }

  @PostMapping("/{round}/validation")
  @Allow(Right.VALIDATE_ROUNDS)
  Map<String, Long> validate(@PathVariable String operation, @PathVariable int round) {
    return tracking.validate(operation, round);
  }

  @PostMapping("/{round}/review")
  @Allow(Right.VALIDATE_ROUNDS)
  Round review(@PathVariable String operation, @PathVariable int round) {
    return tracking.submitForReview(operation, round, access.currentUser());
  }

  @PostMapping("/{round}/publish")
  @Allow(Right.SIGN_OFF)
  ResponseEntity<?> publish(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestBody(required = false) Justification request,
      @RequestParam(name = AsyncResponses.PARAMETER, required = false) Boolean async,
      @RequestHeader(name = "Prefer", required = false) String prefer) {
    String justification = request == null ? null : request.justification();
    String user = access.currentUser();
    if (AsyncResponses.wanted(async, prefer)) {
      tracking.getRound(operation, round); // a wrong round is answered now, not by the job
      return AsyncResponses.accepted(
          jobs.submit(
              new JobSpec(
                  "publish", operation, Right.READ_ROUNDS.name(), "round " + round, 20, null),
              () -> tracking.publish(operation, round, justification, user)));
    }
    return ResponseEntity.ok(tracking.publish(operation, round, justification, user));
  }

  @PostMapping("/{round}/reopen")
  @Allow(Right.REOPEN_ROUNDS)
  Round reopen(
      @PathVariable String operation, @PathVariable int round, @RequestBody Reason request) {
    return tracking.reopen(operation, round, request.reason(), access.currentUser());
  }
}
