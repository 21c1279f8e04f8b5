package org.opendtm.collection.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.collection.CollectionManagement;
import org.opendtm.collection.CollectionProgress;
import org.opendtm.collection.EnumeratorProgress;
import org.opendtm.collection.PlaceAssignment;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.SpreadsheetSafe;
import org.opendtm.platform.web.Uploads;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A round's field collection: who is expected to visit which places (assignments), and who
 * collected what, where and when against that list (progress, also as CSV).
 */
@RestController
@RequestMapping("/api/v1/operations/{operation}/rounds/{round}")
class CollectionProgressController {

  private final CollectionManagement collection;
  private final AccessPolicy access;

  CollectionProgressController(CollectionManagement collection, AccessPolicy access) {
    this.collection = collection;
    this.access = access;
  }

  @GetMapping("/collection-progress")
  @Allow(Right.READ_SUBMISSIONS)
  CollectionProgress progress(@PathVariable String operation, @PathVariable int round) {
    return collection.getProgress(operation, round);
  }

  /** One row per enumerator, every place not yet visited listed (space-separated). */
  @GetMapping("/collection-progress.csv")
  @Allow(Right.READ_SUBMISSIONS)
  void progressCsv(
      @PathVariable String operation, @PathVariable int round, HttpServletResponse response)
      throws IOException {
    CollectionProgress progress = collection.getProgress(operation, round, Integer.MAX_VALUE);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\""
            + operation.replaceAll("[^A-Za-z0-9_-]", "_")
            + "-round"
            + round
            + "-collection.csv\"");
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
    csv.printRecord(
        "enumerator",
        "display_name",
        "assigned",
        "assigned_visited",
        "submitted",
        "applied",
        "not_applied",
        "pending",
        "rejected",
        "places_visited",
        "last_submission_at",
        "not_visited");
    for (EnumeratorProgress e : progress.enumerators()) {
      csv.printRecord(
          SpreadsheetSafe.cell(e.enumerator()),
          e.displayName() == null ? "" : SpreadsheetSafe.cell(e.displayName()),
          e.assigned() == null ? "" : e.assigned(),
          e.assignedVisited() == null ? "" : e.assignedVisited(),
          e.submitted(),
          e.applied(),
          e.notApplied(),
          e.pending(),
          e.rejected(),
          e.placesVisited(),
          e.lastSubmissionAt() == null ? "" : e.lastSubmissionAt().toString(),
          SpreadsheetSafe.cell(String.join(" ", e.notVisited())));
    }
    csv.flush();
  }

  /** The round's own assignment list. */
  @GetMapping("/assignments")
  @Allow(Right.READ_SUBMISSIONS)
  List<PlaceAssignment> assignments(@PathVariable String operation, @PathVariable int round) {
    return collection.listAssignments(operation, round);
  }

  record AssignmentList(List<PlaceAssignment> assignments) {}

  /** Replaces the round's assignment list: {@code {"assignments": [{enumerator, place}, …]}}. */
  @PutMapping("/assignments")
  @Allow(Right.MANAGE_MEMBERS)
  List<PlaceAssignment> replaceAssignments(
      @PathVariable String operation, @PathVariable int round, @RequestBody AssignmentList body) {
    if (body == null || body.assignments() == null) {
      // an empty list clears the round's list; a body without one is a mistake, not a request
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_ASSIGNMENTS,
          "Send {\"assignments\": [{\"enumerator\": …, \"place\": …}, …]}",
          List.of(InputError.field("assignments", "required (an empty list clears the list)")));
    }
    return collection.replaceAssignments(
        operation, round, body.assignments(), access.currentUser());
  }

  /** Replaces the round's assignment list from a CSV or XLSX file (columns enumerator, place). */
  @PostMapping(value = "/assignments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Allow(Right.MANAGE_MEMBERS)
  List<PlaceAssignment> uploadAssignments(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestParam("file") MultipartFile file) {
    return Uploads.withTemporaryFile(
        file,
        "assignments",
        path -> collection.replaceAssignments(operation, round, path, access.currentUser()));
  }
}
