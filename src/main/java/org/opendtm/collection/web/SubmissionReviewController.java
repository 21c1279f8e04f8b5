package org.opendtm.collection.web;

import java.util.List;
import java.util.Map;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.collection.internal.Submissions;
import org.opendtm.collection.internal.Submissions.SubmissionSummary;
import org.opendtm.collection.internal.binding.CentralPull;
import org.opendtm.collection.internal.binding.KoboPull;
import org.opendtm.collection.internal.binding.ProcessingStates;
import org.opendtm.collection.internal.binding.ProcessingStates.Processing;
import org.opendtm.collection.internal.binding.SubmissionApplier;
import org.opendtm.collection.internal.binding.SubmissionImport;
import org.opendtm.collection.internal.binding.SubmissionImport.ImportReport;
import org.opendtm.collection.internal.binding.SubmissionReview;
import org.opendtm.collection.internal.binding.SubmissionReview.Revision;
import org.opendtm.collection.internal.binding.SubmissionWorker;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.web.Uploads;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * What became of a submission (its processing state and assessment), applying it again, a
 * reviewer's edits kept as revisions, approval and rejection; and the way back from an assessment
 * (or one of its flags) to the submission it came from.
 */
@RestController
class SubmissionReviewController {

  private static final String ONE =
      "/api/v1/operations/{operation}/forms/{formId}/submissions/{instanceId}";

  private final Submissions submissions;
  private final ProcessingStates states;
  private final SubmissionApplier applier;
  private final SubmissionReview review;
  private final AccessPolicy access;
  private final SubmissionImport imports;
  private final SubmissionWorker worker;
  private final KoboPull kobo;
  private final CentralPull central;

  SubmissionReviewController(
      Submissions submissions,
      ProcessingStates states,
      SubmissionApplier applier,
      SubmissionReview review,
      AccessPolicy access,
      SubmissionImport imports,
      SubmissionWorker worker,
      KoboPull kobo,
      CentralPull central) {
    this.submissions = submissions;
    this.states = states;
    this.applier = applier;
    this.review = review;
    this.access = access;
    this.imports = imports;
    this.worker = worker;
    this.kobo = kobo;
    this.central = central;
  }

  /** A submission's state, what became of its data, and its revisions. */
  record ReviewView(
      String formId,
      String instanceId,
      String state,
      Processing processing,
      List<Revision> revisions,
      String xml) {}

  record Edit(Map<String, String> values) {}

  record Rejection(String reason) {}

  record Source(String formId, String instanceId) {}

  @GetMapping(ONE + "/review")
  @Allow(Right.READ_SUBMISSIONS)
  ReviewView view(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId) {
    return view(operation, find(operation, formId, instanceId));
  }

  record Requeued(int submissions) {}

  /**
   * Applies the form's NOT_APPLIED submissions again, in the background (after a round was opened,
   * the geography or the binding fixed): they become PENDING and their outcome shows in the list.
   */
  @PostMapping("/api/v1/operations/{operation}/forms/{formId}/submissions/apply")
  @Allow(Right.REVIEW_SUBMISSIONS)
  Requeued applyAll(@PathVariable String operation, @PathVariable String formId) {
    int requeued = states.requeueNotApplied(operation, formId);
    worker.wake();
    return new Requeued(requeued);
  }

  @PostMapping(ONE + "/apply")
  @Allow(Right.REVIEW_SUBMISSIONS)
  ReviewView apply(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId) {
    SubmissionSummary submission = find(operation, formId, instanceId);
    applier.apply(submission.id());
    return view(operation, submission);
  }

  @PatchMapping(ONE)
  @Allow(Right.REVIEW_SUBMISSIONS)
  ReviewView edit(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId,
      @RequestBody Edit edit) {
    SubmissionSummary submission = find(operation, formId, instanceId);
    review.edit(submission.id(), edit == null ? null : edit.values(), access.currentUser());
    return view(operation, submission);
  }

  @PutMapping(ONE)
  @Allow(Right.REVIEW_SUBMISSIONS)
  ReviewView replaceValues(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId,
      @RequestBody Edit edit) {
    return edit(operation, formId, instanceId, edit);
  }

  @PostMapping(ONE + "/approve")
  @Allow(Right.REVIEW_SUBMISSIONS)
  ReviewView approve(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId) {
    SubmissionSummary submission = find(operation, formId, instanceId);
    review.approve(submission.id(), access.currentUser());
    return view(operation, submission);
  }

  @PostMapping(ONE + "/reject")
  @Allow(Right.REVIEW_SUBMISSIONS)
  ReviewView reject(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId,
      @RequestBody Rejection rejection) {
    SubmissionSummary submission = find(operation, formId, instanceId);
    review.reject(
        submission.id(), access.currentUser(), rejection == null ? null : rejection.reason());
    return view(operation, submission);
  }

  /** Submissions exported from KoboToolbox or ODK Central, imported for the form. */
  @PostMapping(
      value = "/api/v1/operations/{operation}/forms/{formId}/submission-imports",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Allow(Right.MANAGE_FORMS)
  ImportReport importSubmissions(
      @PathVariable String operation,
      @PathVariable String formId,
      @RequestParam("file") MultipartFile file) {
    return Uploads.withTemporaryFile(
        file,
        "submissions",
        path -> imports.importFile(operation, formId, path, access.currentUser()));
  }

  record KoboPullRequest(String serverUrl, String assetUid, String token) {}

  record CentralPullRequest(String serverUrl, Integer projectId, String xmlFormId, String token) {}

  /** Pulls the form's submissions from an ODK Central server's OData feed now (token not kept). */
  @PostMapping("/api/v1/operations/{operation}/forms/{formId}/central-pulls")
  @Allow(Right.MANAGE_FORMS)
  ImportReport pullFromCentral(
      @PathVariable String operation,
      @PathVariable String formId,
      @RequestBody CentralPullRequest request) {
    return central.pull(
        operation,
        formId,
        request.serverUrl(),
        request.projectId(),
        request.xmlFormId(),
        request.token(),
        access.currentUser());
  }

  /** Pulls the form's submissions from the KoboToolbox data API now (the token is not kept). */
  @PostMapping("/api/v1/operations/{operation}/forms/{formId}/kobo-pulls")
  @Allow(Right.MANAGE_FORMS)
  ImportReport pullFromKobo(
      @PathVariable String operation,
      @PathVariable String formId,
      @RequestBody KoboPullRequest request) {
    return kobo.pull(
        operation,
        formId,
        request.serverUrl(),
        request.assetUid(),
        request.token(),
        access.currentUser());
  }

  /** The submission an assessment (and so each of its flags) was derived from. */
  @GetMapping("/api/v1/operations/{operation}/assessments/{assessment}/submission")
  @Allow(Right.READ_SUBMISSIONS)
  Source source(@PathVariable String operation, @PathVariable("assessment") long assessmentId) {
    return states
        .byAssessment(operation, assessmentId)
        .map(s -> new Source(s[0], s[1]))
        .orElseThrow(
            () ->
                new NotFoundException(
                    SubmissionErrorCode.SUBMISSION_NOT_FOUND,
                    "Assessment " + assessmentId + " was not derived from a submission"));
  }

  private ReviewView view(String operation, SubmissionSummary submission) {
    // read again: the state may just have changed
    SubmissionSummary now = find(operation, submission.formId(), submission.instanceId());
    return new ReviewView(
        now.formId(),
        now.instanceId(),
        now.state(),
        states.find(now.id()).orElseThrow(),
        review.revisions(now.id()),
        review.currentXml(now.id()));
  }

  private SubmissionSummary find(String operation, String formId, String instanceId) {
    return submissions.require(operation, formId, instanceId);
  }
}
