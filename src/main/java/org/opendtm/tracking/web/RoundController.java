package org.opendtm.tracking.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.OperationRole;
import org.opendtm.tracking.FlagFilter;
import org.opendtm.tracking.FlagStatus;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundDetails;
import org.opendtm.tracking.RoundRevision;
import org.opendtm.tracking.Severity;
import org.opendtm.tracking.TrackingManagement;
import org.opendtm.tracking.ValidationFlag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rounds, their validation flags, review and publication. */
@RestController
@RequestMapping("/api/v1/operations/{operation}/rounds")
class RoundController {

  private static final OperationRole[] READERS = {
    OperationRole.MANAGER, OperationRole.REVIEWER, OperationRole.DATA_PROTECTION
  };

  private final TrackingManagement tracking;
  private final AccessPolicy access;

  RoundController(TrackingManagement tracking, AccessPolicy access) {
    this.tracking = tracking;
    this.access = access;
  }

  record NewRound(Integer number, LocalDate reportingDate) {}

  record Justification(String justification) {}

  record Reason(String reason) {}

  @PostMapping
  ResponseEntity<Round> create(@PathVariable String operation, @RequestBody NewRound request) {
    access.require(operation, OperationRole.MANAGER);
    Round round =
        tracking.createRound(
            operation, request.number() == null ? 0 : request.number(), request.reportingDate());
    return ResponseEntity.created(
            URI.create("/api/v1/operations/" + operation + "/rounds/" + round.number()))
        .body(round);
  }

  @GetMapping
  List<Round> list(@PathVariable String operation) {
    access.require(operation, READERS);
    return tracking.listRounds(operation);
  }

  @GetMapping("/{round}")
  RoundDetails get(@PathVariable String operation, @PathVariable int round) {
    access.require(operation, READERS);
    return tracking.getRoundDetails(operation, round);
  }

  @GetMapping("/{round}/revisions")
  List<RoundRevision> revisions(@PathVariable String operation, @PathVariable int round) {
    access.require(operation, READERS);
    return tracking.listRevisions(operation, round);
  }

  @GetMapping("/{round}/flags")
  List<ValidationFlag> flags(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestParam(required = false) Severity severity,
      @RequestParam(required = false) FlagStatus status,
      @RequestParam(required = false) String rule) {
    access.require(operation, READERS);
    return tracking.listFlags(operation, round, new FlagFilter(severity, status, rule));
  }

  @PostMapping("/{round}/flags/{flag}/justification")
  ValidationFlag justify(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable long flag,
      @RequestBody Justification request) {
    access.require(operation, OperationRole.REVIEWER);
    return tracking.justify(operation, round, flag, request.justification(), access.currentUser());
  }

  @PostMapping("/{round}/validation")
  Map<String, Long> validate(@PathVariable String operation, @PathVariable int round) {
    access.require(operation, OperationRole.MANAGER, OperationRole.REVIEWER);
    return tracking.validate(operation, round);
  }

  @PostMapping("/{round}/review")
  Round review(@PathVariable String operation, @PathVariable int round) {
    access.require(operation, OperationRole.MANAGER, OperationRole.REVIEWER);
    return tracking.submitForReview(operation, round, access.currentUser());
  }

  @PostMapping("/{round}/publish")
  RoundRevision publish(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestBody(required = false) Justification request) {
    access.require(operation, OperationRole.REVIEWER);
    return tracking.publish(
        operation, round, request == null ? null : request.justification(), access.currentUser());
  }

  @PostMapping("/{round}/reopen")
  Round reopen(
      @PathVariable String operation, @PathVariable int round, @RequestBody Reason request) {
    access.require(operation, OperationRole.MANAGER, OperationRole.REVIEWER);
    return tracking.reopen(operation, round, request.reason(), access.currentUser());
  }
}
