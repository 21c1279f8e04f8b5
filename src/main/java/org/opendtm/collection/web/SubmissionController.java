package org.opendtm.collection.web;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.internal.SubmissionErrorCode;
import org.opendtm.collection.internal.Submissions;
import org.opendtm.collection.internal.Submissions.AttachmentContent;
import org.opendtm.collection.internal.Submissions.AttachmentInfo;
import org.opendtm.collection.internal.Submissions.Filter;
import org.opendtm.collection.internal.Submissions.SubmissionSummary;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading submissions: a form's list with filters, one submission with its XML and attachment list,
 * an attachment's bytes. Reads are recorded in the audit log by the access module's request filter
 * ({@code api.read}).
 */
@RestController
@RequestMapping("/api/v1/operations/{operation}/forms/{formId}/submissions")
class SubmissionController {

  private static final Set<String> STATES = Set.of("RECEIVED", "APPROVED", "REJECTED", "DELETED");
  private static final int MAX_PAGE_SIZE = 500;

  private final Submissions submissions;

  SubmissionController(Submissions submissions) {
    this.submissions = submissions;
  }

  record SubmissionPage(List<SubmissionSummary> items, int page, int size, long total) {}

  record SubmissionView(
      SubmissionSummary submission, String xml, List<AttachmentInfo> attachments) {}

  @GetMapping
  @Allow(Right.READ_SUBMISSIONS)
  SubmissionPage list(
      @PathVariable String operation,
      @PathVariable String formId,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime to,
      @RequestParam(required = false) String submitter,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    if (state != null && !STATES.contains(state)) {
      throw new OpenDtmException(
          SubmissionErrorCode.SUBMISSION_MALFORMED,
          "Unknown state " + state + "; one of " + STATES,
          List.of(InputError.field("state", "one of " + STATES)));
    }
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw new OpenDtmException(
          SubmissionErrorCode.SUBMISSION_MALFORMED,
          "page must be ≥ 0 and size between 1 and " + MAX_PAGE_SIZE,
          List.of(InputError.field("size", "1 to " + MAX_PAGE_SIZE)));
    }
    Filter filter = new Filter(state, from, to, submitter, page, size);
    return new SubmissionPage(
        submissions.list(operation, formId, filter),
        page,
        size,
        submissions.count(operation, formId, filter));
  }

  @GetMapping("/{instanceId}")
  @Allow(Right.READ_SUBMISSIONS)
  SubmissionView get(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId) {
    SubmissionSummary summary = find(operation, formId, instanceId);
    return new SubmissionView(
        summary,
        new String(submissions.xml(summary.id()), StandardCharsets.UTF_8),
        submissions.attachments(summary.id()));
  }

  @GetMapping("/{instanceId}/attachments/{filename}")
  @Allow(Right.READ_SUBMISSIONS)
  ResponseEntity<byte[]> attachment(
      @PathVariable String operation,
      @PathVariable String formId,
      @PathVariable String instanceId,
      @PathVariable String filename) {
    SubmissionSummary summary = find(operation, formId, instanceId);
    AttachmentContent content =
        submissions
            .attachment(summary.id(), filename)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        SubmissionErrorCode.SUBMISSION_ATTACHMENT_NOT_FOUND,
                        "Submission " + instanceId + " has no attachment " + filename));
    MediaType type;
    try {
      type = MediaType.parseMediaType(content.contentType());
    } catch (RuntimeException e) {
      type = MediaType.APPLICATION_OCTET_STREAM;
    }
    return ResponseEntity.ok()
        .contentType(type)
        // always a download, never rendered in the platform's origin
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(content.filename(), StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Content-Type-Options", "nosniff")
        .body(content.content());
  }

  private SubmissionSummary find(String operation, String formId, String instanceId) {
    return submissions.require(operation, formId, instanceId);
  }
}
