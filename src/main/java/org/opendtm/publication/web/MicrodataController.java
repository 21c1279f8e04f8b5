package org.opendtm.publication.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.opendtm.access.Allow;
import org.opendtm.access.AuditEntry.Outcome;
import org.opendtm.access.AuditLog;
import org.opendtm.access.Right;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.publication.internal.disclosure.MicrodataRelease;
import org.opendtm.publication.internal.disclosure.MicrodataRelease.Microdata;
import org.opendtm.publication.internal.disclosure.MicrodataRelease.Options;
import org.opendtm.publication.internal.disclosure.MicrodataRelease.Report;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Microdata release for the data-protection officer: assess a CSV of records over chosen
 * quasi-identifiers, and release it anonymised only when it passes k ≥ 3 and global risk &lt; 3 %.
 * The file is never stored; the audit log gets counts and column names, never values.
 *
 * <p>Options (form fields, repeatable): {@code band=age:10}, {@code topCode=hhsize:8}, {@code
 * mergeRare=district:3}, {@code suppress=false} to skip local suppression.
 */
@RestController
@Allow(Right.RELEASE_MICRODATA)
class MicrodataController {

  /** The largest file accepted. */
  static final long MAX_BYTES = 50L * 1024 * 1024;

  private final AuditLog audit;

  MicrodataController(AuditLog audit) {
    this.audit = audit;
  }

  @PostMapping(
      value = "/api/v1/operations/{operation}/microdata/assessments",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Report assess(
      @PathVariable String operation,
      @RequestParam(required = false) MultipartFile file,
      @RequestParam(required = false) String quasiIdentifiers,
      @RequestParam(required = false) List<String> band,
      @RequestParam(required = false) List<String> topCode,
      @RequestParam(required = false) List<String> mergeRare,
      @RequestParam(defaultValue = "true") boolean suppress) {
    Options options = options(quasiIdentifiers, band, topCode, mergeRare, suppress);
    Microdata data = read(file, options);
    Report report = MicrodataRelease.protect(data, options).report();
    audit.record("microdata.assess", operation, fileName(file), Outcome.SUCCESS, details(report));
    return report;
  }

  @PostMapping(
      value = "/api/v1/operations/{operation}/microdata/releases",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = "text/csv")
  ResponseEntity<String> release(
      @PathVariable String operation,
      @RequestParam(required = false) MultipartFile file,
      @RequestParam(required = false) String quasiIdentifiers,
      @RequestParam(required = false) List<String> band,
      @RequestParam(required = false) List<String> topCode,
      @RequestParam(required = false) List<String> mergeRare,
      @RequestParam(defaultValue = "true") boolean suppress) {
    Options options = options(quasiIdentifiers, band, topCode, mergeRare, suppress);
    Microdata data = read(file, options);
    var outcome = MicrodataRelease.protect(data, options);
    Report report = outcome.report();
    if (report.blocked()) {
      audit.record("microdata.release", operation, fileName(file), Outcome.DENIED, details(report));
      throw new OpenDtmException(
          PublicationErrorCode.MICRODATA_BLOCKED,
          "Release blocked: " + String.join("; ", report.reasons()) + ".",
          report.reasons().stream().map(r -> InputError.field("file", r)).toList());
    }
    audit.record("microdata.release", operation, fileName(file), Outcome.SUCCESS, details(report));
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\""
                + operation.replaceAll("[^A-Za-z0-9_-]", "_")
                + "-microdata-anonymised.csv\"")
        .body(MicrodataRelease.csv(data.header(), outcome.protectedRecords()));
  }

  private static Microdata read(MultipartFile file, Options options) {
    if (file == null || file.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_MICRODATA,
          "Send the records as a CSV file in the multipart field 'file'.",
          List.of(InputError.field("file", "required")));
    }
    if (file.getSize() > MAX_BYTES) {
      throw new OpenDtmException(
          PublicationErrorCode.MICRODATA_TOO_LARGE, "At most 50 MB per file.");
    }
    try (InputStream in = file.getInputStream()) {
      return MicrodataRelease.read(in, options.quasiIdentifiers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Options options(
      String quasiIdentifiers,
      List<String> band,
      List<String> topCode,
      List<String> mergeRare,
      boolean suppress) {
    List<InputError> errors = new ArrayList<>();
    List<String> quasi =
        quasiIdentifiers == null
            ? List.of()
            : Arrays.stream(quasiIdentifiers.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    Options options =
        new Options(
            quasi,
            pairs("band", band, Integer::valueOf, errors),
            pairs("topCode", topCode, Long::valueOf, errors),
            pairs("mergeRare", mergeRare, Integer::valueOf, errors),
            suppress);
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_MICRODATA, "The options cannot be read.", errors);
    }
    MicrodataRelease.check(options);
    return options;
  }

  /** {@code column:number} pairs, in the order given. */
  private static <T> Map<String, T> pairs(
      String option, List<String> values, Function<String, T> number, List<InputError> errors) {
    Map<String, T> pairs = new LinkedHashMap<>();
    if (values == null) return pairs;
    for (String value : values) {
      int colon = value.lastIndexOf(':');
      try {
        if (colon <= 0) throw new NumberFormatException();
        pairs.put(
            value.substring(0, colon).strip(), number.apply(value.substring(colon + 1).strip()));
      } catch (NumberFormatException e) {
        errors.add(InputError.field(option, "'" + value + "' is not column:number"));
      }
    }
    return pairs;
  }

  private static String fileName(MultipartFile file) {
    return "microdata file";
  }

  /** Counts and column names only: never a value of the file. */
  private static Map<String, Object> details(Report report) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("records", report.records());
    details.put("quasiIdentifiers", report.quasiIdentifiers());
    details.put("recodings", report.recodings().size());
    details.put("k", report.afterProtection().k());
    details.put("globalRisk", report.afterProtection().globalRiskPercent());
    details.put("valuesSuppressed", report.valuesSuppressed());
    details.put("blocked", report.blocked());
    return details;
  }
}
