package org.opendtm.publication.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.opendtm.access.PublicPublishedData;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.platform.InputError;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.SpreadsheetSafe;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.publication.internal.PublicFigures;
import org.opendtm.publication.internal.PublicFigures.Figure;
import org.opendtm.publication.internal.PublicFigures.PublishedOperation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public HXL CSV export of an operation's published IDP figures, with the hashtags of DTM's own
 * exports, streamed row by row. Reads through the same public path as the DTM API.
 */
@RestController
@PublicPublishedData
class HxlExportController {

  /** Column header and its HXL hashtag, in file order. */
  static final List<String[]> COLUMNS =
      List.of(
          new String[] {"id", "#id+code"},
          new String[] {"operation", "#operation+name"},
          new String[] {"admin0Name", "#country+name"},
          new String[] {"admin0Pcode", "#country+code"},
          new String[] {"admin1Name", "#adm1+name"},
          new String[] {"admin1Pcode", "#adm1+code"},
          new String[] {"admin2Name", "#adm2+name"},
          new String[] {"admin2Pcode", "#adm2+code"},
          new String[] {"adminLevel", "#adm+level"},
          new String[] {"numPresentIdpInd", "#affected+idps"},
          new String[] {"reportingDate", "#date+reported"},
          new String[] {"yearReportingDate", "#date+year+reported"},
          new String[] {"monthReportingDate", "#date+month+reported"},
          new String[] {"roundNumber", "#round+code"},
          new String[] {"displacementReason", "#cause+type"},
          new String[] {"numberMales", "#affected+idps+m"},
          new String[] {"numberFemales", "#affected+idps+f"},
          new String[] {"idpOriginAdmin1Name", "#adm1+name+origin"},
          new String[] {"idpOriginAdmin1Pcode", "#adm1+code+origin"},
          new String[] {"assessmentType", "#assessment+type"},
          new String[] {"operationStatus", "#operation+status"});

  private static final DateTimeFormatter REPORTING_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'00:00:00");

  private final PublicFigures figures;
  private final GeographyManagement geography;

  HxlExportController(PublicFigures figures, GeographyManagement geography) {
    this.figures = figures;
    this.geography = geography;
  }

  @GetMapping("/public/api/operations/{operation}/displacement.csv")
  void export(
      @PathVariable String operation,
      @RequestParam(defaultValue = "2") int adminLevel,
      @RequestParam(required = false) Integer fromRound,
      @RequestParam(required = false) Integer toRound,
      HttpServletResponse response)
      throws IOException {
    PublishedOperation published =
        figures
            .findPublishedOperation(operation)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        PublicationErrorCode.NOTHING_PUBLISHED,
                        "No published figures for operation " + operation));
    int publicLevel = geography.getOperation(operation).settings().publicAdminLevel();
    check(adminLevel, publicLevel, fromRound, toRound);

    response.setStatus(200);
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"" + operation + "-displacement-admin" + adminLevel + ".csv\"");
    Writer writer =
        new BufferedWriter(
            new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
    try (CsvLines csv = new CsvLines(writer)) {
      csv.printRecord(COLUMNS.stream().map(c -> (Object) c[0]).toList());
      csv.printRecord(COLUMNS.stream().map(c -> (Object) c[1]).toList());
      figures.stream(
          new PublicFigures.Query(
              adminLevel,
              published.code(),
              null,
              null,
              null,
              null,
              fromRound,
              toRound,
              null,
              null,
              null,
              null),
          figure -> {
            try {
              csv.printRecord(row(figure));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  /**
   * RFC 4180 lines. Written by hand rather than with commons-csv, whose minimal quoting also quotes
   * every value starting with {@code #} -- that is, the whole HXL hashtag row.
   */
  static final class CsvLines implements AutoCloseable {
    private final Writer out;

    CsvLines(Writer out) {
      this.out = out;
    }

    void printRecord(List<Object> values) throws IOException {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) out.write(',');
        Object value = values.get(i);
        if (value != null) out.write(quote(value.toString()));
      }
      out.write("\r\n");
    }

    static String quote(String value) {
      boolean needsQuotes =
          value.indexOf(',') >= 0
              || value.indexOf('"') >= 0
              || value.indexOf('\n') >= 0
              || value.indexOf('\r') >= 0
              || (!value.isEmpty()
                  && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' '));
      return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static List<Object> row(Figure f) {
    return java.util.Arrays.asList(
        f.id(),
        text(f.operation()),
        text(f.admin0Name()),
        text(f.admin0Pcode()),
        text(f.admin1Name()),
        text(f.admin1Pcode()),
        text(f.admin2Name()),
        text(f.admin2Pcode()),
        f.adminLevel(),
        f.individuals(),
        f.reportingDate().format(REPORTING_DATE),
        f.reportingDate().getYear(),
        f.reportingDate().getMonthValue(),
        f.roundNumber(),
        text(f.reason()),
        f.males(),
        f.females(),
        text(f.originAdmin1Name()),
        text(f.originAdmin1Pcode()),
        text(f.assessmentType()),
        text(f.operationStatus()));
  }

  private static String text(String value) {
    return SpreadsheetSafe.cell(value);
  }

  private static void check(int adminLevel, int publicLevel, Integer fromRound, Integer toRound) {
    List<InputError> errors = new java.util.ArrayList<>();
    int finest = Math.min(2, publicLevel);
    if (adminLevel < 0 || adminLevel > finest) {
      errors.add(
          new InputError(
              null,
              "adminLevel",
              String.valueOf(adminLevel),
              "between 0 and " + finest + " for this operation"));
    }
    if (fromRound != null && fromRound < 1) {
      errors.add(new InputError(null, "fromRound", String.valueOf(fromRound), "at least 1"));
    }
    if (toRound != null && toRound < 1) {
      errors.add(new InputError(null, "toRound", String.valueOf(toRound), "at least 1"));
    }
    if (fromRound != null && toRound != null && fromRound > toRound) {
      errors.add(new InputError(null, "fromRound", String.valueOf(fromRound), "not after toRound"));
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          PublicationErrorCode.INVALID_QUERY, "The export parameters are invalid", errors);
    }
  }
}
