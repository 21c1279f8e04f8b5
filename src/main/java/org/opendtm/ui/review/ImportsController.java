package org.opendtm.ui.review;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.JobAccess;
import org.opendtm.access.Right;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.SpreadsheetSafe;
import org.opendtm.platform.jobs.Job;
import org.opendtm.platform.jobs.JobManagement;
import org.opendtm.platform.jobs.JobSpec;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.ImportPreview;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundStatus;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The imports page: upload a geography or assessment file, see how its columns map, confirm, follow
 * the import job, read its report or its errors by row and field (also as CSV).
 */
@Controller
@RequestMapping("/app/operations/{operation}/imports")
class ImportsController {

  static final String GEOGRAPHY = "geography";
  private static final int HEAD_ROWS = ImportPreview.SAMPLE_ROWS + 2;

  private final TrackingManagement tracking;
  private final GeographyManagement geography;
  private final AccessPolicy access;
  private final JobManagement jobs;
  private final JobAccess jobAccess;
  private final StagedUploads staged;

  ImportsController(
      TrackingManagement tracking,
      GeographyManagement geography,
      AccessPolicy access,
      JobManagement jobs,
      JobAccess jobAccess,
      StagedUploads staged) {
    this.tracking = tracking;
    this.geography = geography;
    this.access = access;
    this.jobs = jobs;
    this.jobAccess = jobAccess;
    this.staged = staged;
  }

  /** A table's first rows as written, for a geography file's preview. */
  record TableHead(String format, List<List<String>> rows) {}

  @GetMapping
  @Allow(Right.IMPORT_ASSESSMENTS)
  String imports(@PathVariable String operation, Model model) {
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("rounds", openRounds(operation));
    model.addAttribute("canImportGeography", access.holds(operation, Right.EDIT_GEOGRAPHY));
    model.addAttribute("jobs", jobAccess.listVisibleJobs(operation, 20));
    return "imports/imports";
  }

  @PostMapping("/preview")
  @Allow(Right.IMPORT_ASSESSMENTS)
  String preview(
      @PathVariable String operation,
      @RequestParam("file") MultipartFile file,
      @RequestParam String target,
      @RequestParam(required = false) String mapping,
      Model model) {
    boolean geographyTarget = GEOGRAPHY.equals(target);
    if (geographyTarget) {
      access.require(operation, Right.EDIT_GEOGRAPHY);
    } else {
      tracking.getRound(operation, roundNumber(target));
    }
    if (file.isEmpty()) {
      throw new OpenDtmException(
          PlatformErrorCode.BAD_REQUEST, "Choose a file to import: the upload is empty");
    }
    String mappingName = mapping == null || mapping.isBlank() ? null : mapping.strip();
    StagedUploads.Staged upload =
        staged.stage(file, operation, access.currentUser(), target, mappingName);
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("upload", upload);
    if (geographyTarget) {
      model.addAttribute("head", head(upload.file()));
    } else {
      model.addAttribute(
          "preview",
          tracking.previewImport(
              operation,
              roundNumber(target),
              upload.file(),
              new ImportOptions(upload.fileName(), null, null, access.currentUser(), mappingName)));
    }
    return "imports/preview";
  }

  @PostMapping("/{token}/confirmation")
  @Allow(Right.IMPORT_ASSESSMENTS)
  String confirm(
      @PathVariable String operation,
      @PathVariable UUID token,
      @RequestParam(required = false) String assessmentType) {
    String user = access.currentUser();
    StagedUploads.Staged upload =
        staged
            .find(token, operation, user)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        PlatformErrorCode.NOT_FOUND,
                        "This upload is no longer waiting (confirmed already, or older than an"
                            + " hour): upload the file again"));
    Job job;
    if (GEOGRAPHY.equals(upload.target())) {
      access.require(operation, Right.EDIT_GEOGRAPHY);
      staged.take(token, operation, user);
      job =
          jobs.submit(
              new JobSpec(
                      "geography-import",
                      operation,
                      Right.EDIT_GEOGRAPHY.name(),
                      upload.fileName(),
                      null,
                      null)
                  .withFile(upload.file()),
              () ->
                  geography.importGeography(
                      operation, upload.file(), null, null, null, null, null));
    } else {
      int round = roundNumber(upload.target());
      var type =
          assessmentType == null || assessmentType.isBlank()
              ? null
              : org.opendtm.tracking.AssessmentType.parse(assessmentType).orElse(null);
      ImportOptions options =
          new ImportOptions(upload.fileName(), null, type, user, upload.mapping());
      staged.take(token, operation, user);
      job =
          jobs.submit(
              new JobSpec(
                      "assessment-import",
                      operation,
                      Right.IMPORT_ASSESSMENTS.name(),
                      upload.fileName(),
                      20,
                      null)
                  .withFile(upload.file()),
              () -> tracking.importAssessments(operation, round, upload.file(), options));
    }
    return "redirect:/app/operations/" + operation + "/imports/jobs/" + job.id();
  }

  @GetMapping("/jobs/{job}")
  @Allow(Right.IMPORT_ASSESSMENTS)
  String job(@PathVariable String operation, @PathVariable UUID job, Model model) {
    model.addAttribute("operation", geography.getOperation(operation));
    model.addAttribute("job", operationJob(operation, job));
    return "imports/job";
  }

  /** The failed job's row errors as CSV (row, field, value, reason), spreadsheet-safe. */
  @GetMapping("/jobs/{job}/errors.csv")
  @Allow(Right.IMPORT_ASSESSMENTS)
  void errors(@PathVariable String operation, @PathVariable UUID job, HttpServletResponse response)
      throws IOException {
    Job found = operationJob(operation, job);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"import-errors-" + job + ".csv\"");
    Writer out = response.getWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      csv.printRecord("row", "field", "value", "reason");
      JsonNode error = found.error();
      if (error == null) return;
      JsonNode list = error.path("errors");
      if (list.isEmpty()) {
        csv.printRecord("", "", "", SpreadsheetSafe.cell(error.path("detail").asText()));
      }
      for (JsonNode e : list) {
        csv.printRecord(
            text(e.path("row")),
            SpreadsheetSafe.cell(text(e.path("field"))),
            SpreadsheetSafe.cell(text(e.path("value"))),
            SpreadsheetSafe.cell(text(e.path("reason"))));
      }
    }
  }

  private Job operationJob(String operation, UUID id) {
    Job job = jobAccess.getVisibleJob(id);
    if (!operation.equals(job.operation())) throw JobManagement.notFound(id);
    return job;
  }

  private List<Round> openRounds(String operation) {
    return tracking.listRounds(operation).stream()
        .filter(r -> r.status() == RoundStatus.COLLECTING || r.status() == RoundStatus.IN_REVIEW)
        .toList();
  }

  private static int roundNumber(String target) {
    try {
      return Integer.parseInt(target.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw new OpenDtmException(
          PlatformErrorCode.BAD_REQUEST,
          "Choose what to import into: geography or a round",
          List.of(
              new org.opendtm.platform.InputError(
                  null, "target", target, "geography or a round number")));
    }
  }

  private static TableHead head(Path file) {
    TabularFormat format;
    try {
      format = TabularFormat.detect(file);
    } catch (IOException e) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The file could not be read");
    }
    String name = format.name().toLowerCase(java.util.Locale.ROOT);
    if (format != TabularFormat.CSV && format != TabularFormat.XLSX) {
      return new TableHead(name, List.of());
    }
    List<List<String>> rows = new ArrayList<>();
    try {
      TabularReader.read(
          file,
          format,
          (row, cells) -> {
            rows.add(Arrays.asList(cells));
            if (rows.size() >= HEAD_ROWS) throw new HeadRead();
          });
    } catch (HeadRead enough) {
      // the head is enough
    }
    return new TableHead(name, rows);
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  private static final class HeadRead extends RuntimeException {
    HeadRead() {
      super(null, null, false, false);
    }
  }
}
