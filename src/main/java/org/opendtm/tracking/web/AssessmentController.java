package org.opendtm.tracking.web;

import java.util.List;
import java.util.Map;
import org.opendtm.access.AccessPolicy;
import org.opendtm.access.Allow;
import org.opendtm.access.Right;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.jobs.JobManagement;
import org.opendtm.platform.jobs.JobSpec;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.web.AsyncResponses;
import org.opendtm.platform.web.Uploads;
import org.opendtm.tracking.Assessment;
import org.opendtm.tracking.AssessmentPage;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.FigureInput;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.ImportPreview;
import org.opendtm.tracking.ImportReport;
import org.opendtm.tracking.PlaceRound;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Assessment imports, listing and reviewers' corrections; column mappings. */
@RestController
class AssessmentController {

  private static final String ROUND = "/api/v1/operations/{operation}/rounds/{round}";

  private final TrackingManagement tracking;
  private final AccessPolicy access;
  private final JobManagement jobs;

  AssessmentController(TrackingManagement tracking, AccessPolicy access, JobManagement jobs) {
    this.tracking = tracking;
    this.access = access;
    this.jobs = jobs;
  }

  @PostMapping(ROUND + "/imports")
  @Allow(Right.IMPORT_ASSESSMENTS)
  ResponseEntity<?> importFile(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String assessmentType,
      @RequestParam(required = false) String mapping,
      @RequestParam(name = AsyncResponses.PARAMETER, required = false) Boolean async,
      @RequestHeader(name = "Prefer", required = false) String prefer) {
    TabularFormat parsedFormat = parseFormat(format);
    AssessmentType type = null;
    if (assessmentType != null && !assessmentType.isBlank()) {
      type =
          AssessmentType.parse(assessmentType)
              .orElseThrow(
                  () ->
                      new OpenDtmException(
                          PlatformErrorCode.INVALID_INPUT,
                          "Unknown assessment type " + assessmentType,
                          List.of(
                              new InputError(
                                  null, "assessmentType", assessmentType, "BA, SA or ETT"))));
    }
    AssessmentType chosenType = type;
    TabularFormat chosenFormat = parsedFormat;
    if (AsyncResponses.wanted(async, prefer)) {
      tracking.getRound(operation, round); // a wrong round is answered now, not by the job
      var kept = Uploads.keep(file, "opendtm-assessments-");
      ImportOptions options =
          new ImportOptions(
              file.getOriginalFilename(), chosenFormat, chosenType, access.currentUser(), mapping);
      return AsyncResponses.accepted(
          jobs.submit(
              new JobSpec(
                      "assessment-import",
                      operation,
                      Right.IMPORT_ASSESSMENTS.name(),
                      file.getOriginalFilename(),
                      20,
                      null)
                  .withFile(kept),
              () -> tracking.importAssessments(operation, round, kept, options)));
    }
    ImportReport report =
        Uploads.withTemporaryFile(
            file,
            "opendtm-assessments-",
            path ->
                tracking.importAssessments(
                    operation,
                    round,
                    path,
                    new ImportOptions(
                        file.getOriginalFilename(),
                        chosenFormat,
                        chosenType,
                        access.currentUser(),
                        mapping)));
    return ResponseEntity.status(HttpStatus.CREATED).body(report);
  }

  /** How the file's columns would be mapped, with its first rows; nothing is stored. */
  @PostMapping(ROUND + "/imports/preview")
  @Allow(Right.IMPORT_ASSESSMENTS)
  ImportPreview preview(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String mapping) {
    TabularFormat parsedFormat = parseFormat(format);
    return Uploads.withTemporaryFile(
        file,
        "opendtm-preview-",
        path ->
            tracking.previewImport(
                operation,
                round,
                path,
                new ImportOptions(
                    file.getOriginalFilename(),
                    parsedFormat,
                    null,
                    access.currentUser(),
                    mapping)));
  }

  /** The place's assessments in every round, oldest first. */
  @GetMapping("/api/v1/operations/{operation}/places/{place}/history")
  @Allow(Right.READ_ASSESSMENTS)
  List<PlaceRound> history(@PathVariable String operation, @PathVariable String place) {
    return tracking.listPlaceHistory(operation, place);
  }

  @GetMapping(ROUND + "/assessments")
  @Allow(Right.READ_ASSESSMENTS)
  AssessmentPage list(
      @PathVariable String operation,
      @PathVariable int round,
      @RequestParam(required = false) AssessmentType type,
      @RequestParam(required = false) String place,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "100") int size) {
    return tracking.listAssessments(operation, round, type, place, page, size);
  }

  @GetMapping(ROUND + "/assessments/{assessment}")
  @Allow(Right.READ_ASSESSMENTS)
  Assessment get(
      @PathVariable String operation, @PathVariable int round, @PathVariable long assessment) {
    return tracking.getAssessment(operation, round, assessment);
  }

  @PutMapping(ROUND + "/assessments/{assessment}/figures")
  @Allow(Right.CORRECT_ASSESSMENTS)
  Assessment replaceFigures(
      @PathVariable String operation,
      @PathVariable int round,
      @PathVariable long assessment,
      @RequestBody List<FigureInput> figures) {
    return tracking.replaceFigures(operation, round, assessment, figures);
  }

  @DeleteMapping(ROUND + "/assessments/{assessment}")
  @Allow(Right.CORRECT_ASSESSMENTS)
  ResponseEntity<Void> delete(
      @PathVariable String operation, @PathVariable int round, @PathVariable long assessment) {
    tracking.deleteAssessment(operation, round, assessment);
    return ResponseEntity.noContent().build();
  }

  @PutMapping("/api/v1/operations/{operation}/column-mappings/{name}")
  @Allow(Right.IMPORT_ASSESSMENTS)
  Map<String, String> saveMapping(
      @PathVariable String operation,
      @PathVariable String name,
      @RequestBody Map<String, String> mapping) {
    tracking.saveColumnMapping(operation, name, mapping);
    return tracking.getColumnMapping(operation, name);
  }

  @GetMapping("/api/v1/operations/{operation}/column-mappings/{name}")
  @Allow(Right.READ_COLUMN_MAPPINGS)
  Map<String, String> getMapping(@PathVariable String operation, @PathVariable String name) {
    return tracking.getColumnMapping(operation, name);
  }

  private static TabularFormat parseFormat(String format) {
    if (format == null || format.isBlank()) return null;
    return TabularFormat.parse(format)
        .orElseThrow(
            () ->
                new OpenDtmException(
                    PlatformErrorCode.BAD_REQUEST,
                    "Unknown format " + format,
                    List.of(new InputError(null, "format", format, "csv, xlsx or json"))));
  }
}
