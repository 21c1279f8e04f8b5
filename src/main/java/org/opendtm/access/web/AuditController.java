package org.opendtm.access.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.opendtm.access.AccessErrorCode;
import org.opendtm.access.Allow;
import org.opendtm.access.AuditEntry;
import org.opendtm.access.AuditLog;
import org.opendtm.access.AuditPage;
import org.opendtm.access.AuditQuery;
import org.opendtm.access.Right;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.SpreadsheetSafe;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Search and export of the audit log for data-protection officers (the events of the operations
 * where they hold {@link Right#READ_AUDIT}) and platform administrators (every event). Not under an
 * operation's path: {@link AuditLog} scopes the rows to the caller, and records each read.
 */
@RestController
@Allow(value = Right.READ_AUDIT, inAnyOperation = true)
class AuditController {

  private static final String[] HEADER = {
    "id",
    "at",
    "actor",
    "actorKind",
    "operation",
    "action",
    "target",
    "outcome",
    "remoteAddress",
    "userAgent",
    "details"
  };

  private final AuditLog audit;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  AuditController(AuditLog audit, com.fasterxml.jackson.databind.ObjectMapper json) {
    this.audit = audit;
    this.json = json;
  }

  /**
   * Audit events, newest first. {@code from}/{@code to}: an instant ({@code 2026-11-23T10:00:00Z})
   * or a date (whole days, UTC); {@code to} is exclusive for instants and inclusive for dates.
   * {@code action} matches as a prefix.
   */
  @GetMapping("/api/v1/audit")
  AuditPage search(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String operation,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String outcome,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    return audit.search(query(from, to, actor, operation, action, outcome), page, size);
  }

  /** The same events as CSV, oldest first, streamed; text cells are spreadsheet-safe. */
  @GetMapping("/api/v1/audit.csv")
  void export(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String operation,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String outcome,
      HttpServletResponse response)
      throws IOException {
    AuditQuery query = query(from, to, actor, operation, action, outcome);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"audit.csv\"");
    BufferedWriter writer =
        new BufferedWriter(
            new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
    CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(writer);
    audit.export(query, entry -> print(csv, entry));
    csv.flush();
  }

  private void print(CSVPrinter csv, AuditEntry entry) {
    try {
      csv.printRecord(
          entry.id(),
          entry.at().toString(),
          text(entry.actor()),
          entry.actorKind().name().toLowerCase(Locale.ROOT),
          text(entry.operationCode()),
          text(entry.action()),
          text(entry.target()),
          entry.outcome().name(),
          text(entry.remoteAddress()),
          text(entry.userAgent()),
          text(json.writeValueAsString(entry.details())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(String value) {
    return SpreadsheetSafe.cell(value);
  }

  private static AuditQuery query(
      String from, String to, String actor, String operation, String action, String outcome) {
    List<InputError> errors = new ArrayList<>();
    Instant start = instant("from", from, false, errors);
    Instant end = instant("to", to, true, errors);
    AuditEntry.Outcome parsedOutcome = null;
    if (blank(outcome) == null) {
      parsedOutcome = null;
    } else {
      try {
        parsedOutcome = AuditEntry.Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        errors.add(
            new InputError(
                null,
                "outcome",
                outcome,
                "one of " + Arrays.toString(AuditEntry.Outcome.values())));
      }
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(AccessErrorCode.INVALID_INPUT, "Bad audit filters", errors);
    }
    return new AuditQuery(start, end, blank(actor), blank(operation), blank(action), parsedOutcome);
  }

  private static Instant instant(
      String field, String value, boolean endOfDay, List<InputError> errors) {
    if (blank(value) == null) return null;
    String text = value.strip();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        errors.add(
            new InputError(
                null, field, value, "an instant (2026-11-23T10:00:00Z) or a date (2026-11-23)"));
        return null;
      }
    }
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
