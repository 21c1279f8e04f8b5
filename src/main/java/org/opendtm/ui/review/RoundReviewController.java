package org.opendtm.ui.review;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.JobAccess;
import org.opendtm.access.Right;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.jobs.Job;
import org.opendtm.platform.jobs.JobManagement;
import org.opendtm.platform.jobs.JobSpec;
import org.opendtm.publication.PublicationManagement;
import org.opendtm.tracking.Assessment;
import org.opendtm.tracking.FigureInput;
import org.opendtm.tracking.FlagFilter;
import org.opendtm.tracking.FlagStatus;
import org.opendtm.tracking.PlaceRound;
import org.opendtm.tracking.RoundDetails;
import org.opendtm.tracking.Severity;
import org.opendtm.tracking.TrackingManagement;
import org.opendtm.tracking.ValidationFlag;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The round review page: collection progress, flags grouped by rule and severity (justified or
 * corrected inline with htmx), this round against the last for a flag's place, what publishing will
 * change, and sign-off with a progress bar that follows the publish job.
 */
@Controller
@RequestMapping("/app/operations/{operation}/rounds/{round}")
class RoundReviewController {

  private final TrackingManagement tracking;
  private final PublicationManagement publication;
  private final GeographyManagement geography;
  private final AccessPolicy access;
  private final JobManagement jobs;
  private final JobAccess jobAccess;

  RoundReviewController(
      TrackingManagement tracking,
      PublicationManagement publication,
      GeographyManagement geography,
      AccessPolicy access,
      JobManagement jobs,
      JobAccess jobAccess) {
    this.tracking = tracking;
    this.publication = publication;
    this.geography = geography;
    this.access = access;
    this.jobs = jobs;
    this.jobAccess = jobAccess;
  }

  /** A place's figures in one round, all its assessments together. */
  record Sums(long idps, long idpHouseholds, long returnees) {
    static Sums of(List<PlaceRound> rounds) {
      return new Sums(
          rounds.stream().mapToLong(PlaceRound::idps).sum(),
          rounds.stream().mapToLong(PlaceRound::idpHouseholds).sum(),
          rounds.stream().mapToLong(PlaceRound::returnees).sum());
    }
  }

  @GetMapping("/review")
  @Allow(Right.READ_ROUNDS)
  String review(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestParam(required = false) Severity severity,
      @RequestParam(required = false) FlagStatus status,
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String job,
      Model model) {
    RoundDetails details = tracking.getRoundDetails(operation, round);
    List<ValidationFlag> all = tracking.listFlags(operation, round, FlagFilter.all());
    FlagStatus shown = status;
    String ruleFilter = rule == null || rule.isBlank() ? null : rule;
    List<ValidationFlag> flags =
        all.stream()
            .filter(f -> severity == null || f.severity() == severity)
            .filter(f -> shown == null || f.status() == shown)
            .filter(f -> ruleFilter == null || f.rule().equals(ruleFilter))
            .toList();
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("details", details);
    model.addAttribute("rounds", tracking.listRounds(operation));
    model.addAttribute("progress", tracking.getRoundProgress(operation, round));
    model.addAttribute("groups", group(flags));
    model.addAttribute("flagCount", flags.size());
    model.addAttribute("rules", new TreeSet<>(all.stream().map(ValidationFlag::rule).toList()));
    model.addAttribute("severity", severity);
    model.addAttribute("status", status);
    model.addAttribute("rule", ruleFilter);
    model.addAttribute("preview", publication.previewPublication(operation, round));
    model.addAttribute("canSignOff", access.holds(operation, Right.SIGN_OFF));
    model.addAttribute("canCorrect", access.holds(operation, Right.CORRECT_ASSESSMENTS));
    model.addAttribute("canValidate", access.holds(operation, Right.VALIDATE_ROUNDS));
    model.addAttribute("job", findPublishJob(operation, round, job).orElse(null));
    return "review/round";
  }

  /** Justifies a warning; answers the flag's row (htmx) or the page again. */
  @PostMapping("/flags/{flag}/justification")
  @Allow(Right.SIGN_OFF)
  String justify(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable long flag,
      @RequestParam(required = false) String justification,
      HttpServletRequest request,
      Model model) {
    String problem = null;
    try {
      tracking.justify(operation, round, flag, justification, access.currentUser());
    } catch (OpenDtmException e) {
      problem = e.getMessage();
    }
    if (!Htmx.isHtmx(request)) return reviewPage(operation, round);
    ValidationFlag updated =
        tracking.listFlags(operation, round, FlagFilter.all()).stream()
            .filter(f -> f.id() == flag)
            .findFirst()
            .orElseThrow();
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("details", tracking.getRoundDetails(operation, round));
    model.addAttribute("flag", updated);
    model.addAttribute("problem", problem);
    model.addAttribute("canSignOff", true);
    model.addAttribute("canCorrect", access.holds(operation, Right.CORRECT_ASSESSMENTS));
    return "review/round :: flag-row";
  }

  /** The flag's place this round against the last round it was assessed (an htmx fragment). */
  @GetMapping("/flags/{flag}/comparison")
  @Allow(Right.READ_ASSESSMENTS)
  String compare(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable long flag,
      Model model) {
    ValidationFlag found =
        tracking.listFlags(operation, round, FlagFilter.all()).stream()
            .filter(f -> f.id() == flag)
            .findFirst()
            .orElseThrow(
                () ->
                    new org.opendtm.platform.NotFoundException(
                        org.opendtm.tracking.TrackingErrorCode.FLAG_NOT_FOUND,
                        "Round " + round + " has no flag " + flag));
    List<PlaceRound> history =
        found.place() == null ? List.of() : tracking.listPlaceHistory(operation, found.place());
    List<PlaceRound> now = history.stream().filter(h -> h.round() == round).toList();
    Optional<Integer> previousRound =
        history.stream().map(PlaceRound::round).filter(r -> r < round).max(Integer::compare);
    List<PlaceRound> before =
        previousRound
            .map(p -> history.stream().filter(h -> h.round() == p).toList())
            .orElse(List.of());
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("details", tracking.getRoundDetails(operation, round));
    model.addAttribute("flag", found);
    model.addAttribute("now", Sums.of(now));
    model.addAttribute("before", before.isEmpty() ? null : Sums.of(before));
    model.addAttribute("previousRound", previousRound.orElse(null));
    Assessment assessment =
        found.assessmentId() == null
            ? null
            : tracking.getAssessment(operation, round, found.assessmentId());
    model.addAttribute("assessment", assessment);
    model.addAttribute("canCorrect", access.holds(operation, Right.CORRECT_ASSESSMENTS));
    return "review/round :: comparison";
  }

  /**
   * A reviewer's correction of an assessment's households and individuals (the other fields of each
   * figure are kept); the round is re-validated, so flags the error raised are resolved.
   */
  @PostMapping("/assessments/{assessment}/figures")
  @Allow(Right.CORRECT_ASSESSMENTS)
  String correct(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable long assessment,
      @RequestParam Map<String, String> form,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Assessment current = tracking.getAssessment(operation, round, assessment);
    List<FigureInput> figures = new ArrayList<>();
    for (int i = 0; i < current.figures().size(); i++) {
      Assessment.Figure f = current.figures().get(i);
      // a repeated row (DUPLICATE_PLACE) is resolved by removing one of its lines
      if ("true".equals(form.get("remove" + i))) continue;
      figures.add(
          new FigureInput(
              f.group(),
              f.reason(),
              f.originAdminUnitId(),
              f.arrivalPeriod(),
              f.shelter(),
              number(form.get("households" + i), f.households()),
              number(form.get("individuals" + i), f.individuals()),
              f.males(),
              f.females(),
              f.sexAge()));
    }
    String problem = null;
    try {
      checkNumbers(form);
      if (figures.isEmpty()) {
        throw new OpenDtmException(
            org.opendtm.platform.PlatformErrorCode.INVALID_INPUT,
            "Keep at least one line: an assessment without figures is deleted, not corrected",
            List.of());
      }
      tracking.replaceFigures(operation, round, assessment, figures);
    } catch (OpenDtmException e) {
      problem = e.getMessage() + describe(e);
    }
    if (problem == null) {
      String page = "/app/operations/" + operation + "/rounds/" + round + "/review";
      if (Htmx.isHtmx(request)) {
        response.setHeader("HX-Redirect", page);
        return "review/round :: empty";
      }
      return "redirect:" + page;
    }
    model.addAttribute("problem", problem);
    return "review/round :: problem";
  }

  /** Signs the round off and publishes it as a job; answers the job's progress bar. */
  @PostMapping("/publish")
  @Allow(Right.SIGN_OFF)
  String publish(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestParam(required = false) String justification,
      HttpServletRequest request,
      Model model) {
    String user = access.currentUser();
    String accepted = justification == null || justification.isBlank() ? null : justification;
    Job job =
        jobs.submit(
            new JobSpec("publish", operation, Right.READ_ROUNDS.name(), "round " + round, 20, null),
            () -> tracking.publish(operation, round, accepted, user));
    if (!Htmx.isHtmx(request)) {
      return "redirect:/app/operations/"
          + operation
          + "/rounds/"
          + round
          + "/review?job="
          + job.id();
    }
    model.addAttribute("job", job);
    return "review/jobs :: job";
  }

  private Optional<Job> findPublishJob(String operation, int round, String id) {
    if (id == null) return Optional.empty();
    try {
      Job job = jobAccess.getVisibleJob(java.util.UUID.fromString(id));
      return Optional.of(job)
          .filter(j -> j.kind().equals("publish") && operation.equals(j.operation()));
    } catch (IllegalArgumentException | OpenDtmException e) {
      return Optional.empty();
    }
  }

  private static List<FlagGroup> group(List<ValidationFlag> flags) {
    Map<String, List<ValidationFlag>> byGroup = new LinkedHashMap<>();
    flags.stream()
        .sorted(
            Comparator.comparing(ValidationFlag::severity)
                .thenComparing(ValidationFlag::rule)
                .thenComparing(f -> f.place() == null ? "" : f.place()))
        .forEach(
            f ->
                byGroup
                    .computeIfAbsent(f.severity() + "/" + f.rule(), k -> new ArrayList<>())
                    .add(f));
    return byGroup.values().stream()
        .map(list -> new FlagGroup(list.get(0).rule(), list.get(0).severity(), list))
        .toList();
  }

  private static Integer number(String text, Integer fallback) {
    if (text == null) return fallback;
    if (text.isBlank()) return null;
    return Integer.valueOf(text.strip());
  }

  /**
   * Every households/individuals field is empty or a whole number, or the correction is refused.
   */
  private static void checkNumbers(Map<String, String> form) {
    List<org.opendtm.platform.InputError> errors = new ArrayList<>();
    form.forEach(
        (name, value) -> {
          if ((name.startsWith("households") || name.startsWith("individuals"))
              && !value.isBlank()
              && !value.strip().matches("\\d{1,9}")) {
            errors.add(
                new org.opendtm.platform.InputError(null, name, value, "not a whole number"));
          }
        });
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          org.opendtm.platform.PlatformErrorCode.INVALID_INPUT,
          "The figures are invalid; nothing was changed",
          errors);
    }
  }

  private static String describe(OpenDtmException e) {
    if (e.errors().isEmpty()) return "";
    StringBuilder text = new StringBuilder(":");
    e.errors().stream()
        .limit(5)
        .forEach(
            err ->
                text.append(' ').append(err.field()).append(' ').append(err.reason()).append(';'));
    return text.toString();
  }

  private static String reviewPage(String operation, int round) {
    return "redirect:/app/operations/" + operation + "/rounds/" + round + "/review";
  }
}
