package org.opendtm.publication.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendtm.access.PublicPublishedData;
import org.opendtm.publication.internal.PublicFigures;
import org.opendtm.publication.internal.PublicFigures.Figure;
import org.opendtm.publication.internal.PublicFigures.PublishedOperation;
import org.opendtm.publication.internal.PublicResponseCache;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DTM API v3 displacement endpoints, so that scripts written for IOM's API work against OpenDTM
 * by changing only the base URL. No login. Parameter names match ignoring case (the real API runs
 * on ASP.NET behind Azure APIM, which binds query parameters that way); the APIM subscription key
 * header and any unknown parameters are ignored. Field sets per level follow the real API: admin-0
 * records have no {@code id} and no admin-1/2 fields, admin-1 records no admin-2 fields. Responses
 * are streamed record by record.
 */
@RestController
@RequestMapping("/dtm/v3/displacement")
@PublicPublishedData
class DtmApiController {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter REPORTING_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'00:00:00");

  private final PublicFigures figures;
  private final ObjectMapper json;
  private final PublicResponseCache cache;

  DtmApiController(PublicFigures figures, ObjectMapper json, PublicResponseCache cache) {
    this.figures = figures;
    this.json = json;
    this.cache = cache;
    // after a protection run the answers partners asked for are computed again in the background
    // (the normalised query gives the same records: values match ignoring case)
    cache.warmWith(
        key -> key instanceof Key k ? renderer(records(k)) : null,
        // what a publication changes before its revision is protected: which operations and
        // countries have a published round
        List.of(new Key("country-list", null), new Key("operation-list", null)));
  }

  /** Writes the records of a response and says how many there were. */
  @FunctionalInterface
  private interface Records {
    long write(JsonGenerator out) throws IOException;
  }

  /** Cache key: the endpoint and its query with every case-insensitive value in lower case. */
  record Key(String endpoint, PublicFigures.Query query) {}

  @GetMapping("/admin0")
  void admin0(HttpServletRequest request, HttpServletResponse response) throws IOException {
    displacement(0, request, response);
  }

  @GetMapping("/admin1")
  void admin1(HttpServletRequest request, HttpServletResponse response) throws IOException {
    displacement(1, request, response);
  }

  @GetMapping("/admin2")
  void admin2(HttpServletRequest request, HttpServletResponse response) throws IOException {
    displacement(2, request, response);
  }

  @GetMapping("/country-list")
  void countryList(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Key key = new Key("country-list", null);
    respond(key, request, response, records(key));
  }

  /** Both spellings: the official Python client asks for {@code operation-List}. */
  @GetMapping({"/operation-list", "/operation-List"})
  void operationList(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Key key = new Key("operation-list", null);
    respond(key, request, response, records(key));
  }

  /** The records of the answer to a key. */
  private Records records(Key key) {
    return switch (key.endpoint()) {
      case "country-list" ->
          out -> {
            Map<String, PublishedOperation> countries = new LinkedHashMap<>();
            figures.listPublishedOperations().stream()
                .sorted(java.util.Comparator.comparing(PublishedOperation::countryName))
                .forEach(operation -> countries.putIfAbsent(operation.countryIso3(), operation));
            for (PublishedOperation country : countries.values()) {
              out.writeStartObject();
              out.writeStringField("admin0Name", country.countryName());
              out.writeStringField("admin0Pcode", country.countryIso3());
              out.writeEndObject();
            }
            return countries.size();
          };
      case "operation-list" ->
          out -> {
            List<PublishedOperation> operations = figures.listPublishedOperations();
            for (PublishedOperation operation : operations) {
              out.writeStartObject();
              out.writeStringField("operation", operation.name());
              out.writeStringField("operationStatus", operation.status());
              out.writeStringField("admin0Name", operation.countryName());
              out.writeStringField("admin0Pcode", operation.countryIso3());
              out.writeEndObject();
            }
            return operations.size();
          };
      default -> {
        PublicFigures.Query query = key.query();
        int level = query.adminLevel();
        yield out ->
            figures.stream(
                query,
                figure -> {
                  try {
                    write(out, level, figure);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    };
  }

  private void displacement(int level, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Key key = new Key("admin" + level, normalised(parse(level, request)));
    respond(key, request, response, records(key));
  }

  /**
   * Answers from the cache, or computes the response into memory (see {@link
   * PublicResponseCache#fill}), caches it and answers; a response too large for the cache is
   * streamed to the client as it is written instead.
   */
  private void respond(
      Key key, HttpServletRequest request, HttpServletResponse response, Records records)
      throws IOException {
    PublicResponseCache.Entry entry = cache.fill(key, renderer(records));
    startHeaders(response);
    if (entry == null) { // too large to keep in memory: streamed, compressed by the server
      try (JsonGenerator out = json.getFactory().createGenerator(response.getOutputStream())) {
        writeEnvelope(out, records);
      }
      return;
    }
    send(entry, request, response);
  }

  /** Renders a whole answer into memory, or null when it is larger than the limit. */
  private PublicResponseCache.Renderer renderer(Records records) {
    return limit -> {
      LimitedBuffer buffer = new LimitedBuffer(limit);
      try (JsonGenerator out = json.getFactory().createGenerator(buffer)) {
        writeEnvelope(out, records);
      } catch (LimitedBuffer.Full | UncheckedIOException e) {
        if (e instanceof LimitedBuffer.Full || e.getCause() instanceof LimitedBuffer.Full)
          return null;
        throw e;
      }
      return buffer.toByteArray();
    };
  }

  /** Writes a cached answer: its gzip bytes to clients that accept gzip, else the JSON. */
  static void send(
      PublicResponseCache.Entry entry, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    startHeaders(response);
    response.setHeader("Vary", "Accept-Encoding");
    String accepted = request.getHeader("Accept-Encoding");
    if (accepted != null
        && accepted.toLowerCase(Locale.ROOT).contains("gzip")
        && !accepted.replace(" ", "").toLowerCase(Locale.ROOT).contains("gzip;q=0")) {
      // a Content-Encoding set here stops the server from compressing the gzip bytes again
      response.setHeader("Content-Encoding", "gzip");
      response.setContentLength(entry.gzip().length);
      response.getOutputStream().write(entry.gzip());
    } else {
      response.setContentLength(entry.length());
      response.getOutputStream().write(entry.body());
    }
  }

  /**
   * The cache key of a request to one of the endpoints here ({@code admin0}, {@code
   * country-list}…), or null when its parameters are invalid (the controller then answers 400).
   */
  static Key keyOf(String endpoint, HttpServletRequest request) {
    return switch (endpoint) {
      case "admin0", "admin1", "admin2" -> {
        try {
          int level = endpoint.charAt(5) - '0';
          yield new Key(endpoint, normalised(parse(level, request)));
        } catch (DtmParameterException e) {
          yield null;
        }
      }
      case "country-list" -> new Key("country-list", null);
      case "operation-list", "operation-List" -> new Key("operation-list", null);
      default -> null;
    };
  }

  private static void writeEnvelope(JsonGenerator out, Records records) throws IOException {
    out.writeStartObject();
    out.writeArrayFieldStart("result");
    long count = records.write(out);
    finish(out, count);
  }

  /** An in-memory output stream that refuses to grow past a limit. */
  private static final class LimitedBuffer extends java.io.ByteArrayOutputStream {
    static final class Full extends IOException {
      Full() {
        super("response larger than the cache's entry limit");
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this; // control flow, not an error: no stack trace to build
      }
    }

    private final int limit;

    LimitedBuffer(int limit) {
      super(8192);
      this.limit = limit;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if (count + len > limit) throw new UncheckedIOException(new Full());
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      if (count + 1 > limit) throw new UncheckedIOException(new Full());
      super.write(b);
    }
  }

  private static PublicFigures.Query normalised(PublicFigures.Query q) {
    return new PublicFigures.Query(
        q.adminLevel(),
        lower(q.operation()),
        lower(q.countryName()),
        lower(q.admin0Pcode()),
        q.fromReportingDate(),
        q.toReportingDate(),
        q.fromRoundNumber(),
        q.toRoundNumber(),
        lower(q.admin1Name()),
        lower(q.admin1Pcode()),
        lower(q.admin2Name()),
        lower(q.admin2Pcode()));
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static void write(JsonGenerator out, int level, Figure figure) throws IOException {
    out.writeStartObject();
    if (level > 0) out.writeNumberField("id", figure.id());
    out.writeStringField("operation", figure.operation());
    out.writeStringField("admin0Name", figure.admin0Name());
    out.writeStringField("admin0Pcode", figure.admin0Pcode());
    if (level >= 1) {
      out.writeStringField("admin1Name", figure.admin1Name());
      out.writeStringField("admin1Pcode", figure.admin1Pcode());
    }
    if (level >= 2) {
      out.writeStringField("admin2Name", figure.admin2Name());
      out.writeStringField("admin2Pcode", figure.admin2Pcode());
    }
    writeNullable(out, "numPresentIdpInd", figure.individuals()); // null: suppressed
    out.writeStringField("reportingDate", figure.reportingDate().format(REPORTING_DATE));
    out.writeNumberField("yearReportingDate", figure.reportingDate().getYear());
    out.writeNumberField("monthReportingDate", figure.reportingDate().getMonthValue());
    out.writeNumberField("roundNumber", figure.roundNumber());
    out.writeStringField("displacementReason", figure.reason());
    writeNullable(out, "numberMales", figure.males());
    writeNullable(out, "numberFemales", figure.females());
    out.writeStringField("idpOriginAdmin1Name", figure.originAdmin1Name());
    out.writeStringField("idpOriginAdmin1Pcode", figure.originAdmin1Pcode());
    out.writeStringField("assessmentType", figure.assessmentType());
    out.writeEndObject();
  }

  private static void writeNullable(JsonGenerator out, String field, Long value)
      throws IOException {
    if (value == null) out.writeNullField(field);
    else out.writeNumberField(field, value);
  }

  private static void startHeaders(HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
  }

  private static void finish(JsonGenerator out, long count) throws IOException {
    out.writeEndArray();
    out.writeNumberField("statusCode", 200);
    out.writeBooleanField("isSuccess", true);
    out.writeArrayFieldStart("errorMessages");
    out.writeEndArray();
    out.writeNumberField("totalRecordsCount", count);
    out.writeEndObject();
  }

  /** Reads the query as the real API does, collecting every problem before answering 400. */
  static PublicFigures.Query parse(int level, HttpServletRequest request) {
    Map<String, String> parameters = new HashMap<>();
    request
        .getParameterMap()
        .forEach(
            (name, values) -> {
              String value = values.length == 0 ? null : values[0];
              if (value != null && !value.isBlank()) {
                parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value.strip());
              }
            });
    List<String> errors = new ArrayList<>();
    String operation = parameters.get("operation");
    String countryName = parameters.get("countryname");
    String admin0Pcode = parameters.get("admin0pcode");
    if (operation == null && countryName == null && admin0Pcode == null) {
      errors.add(
          "At least one of the parameters Operation, CountryName or Admin0Pcode is required.");
    }
    LocalDate from = date(parameters, "FromReportingDate", errors);
    LocalDate to = date(parameters, "ToReportingDate", errors);
    if (from != null && to != null && from.isAfter(to)) {
      errors.add(
          "FromReportingDate (" + from + ") must not be later than ToReportingDate (" + to + ").");
    }
    Integer fromRound = round(parameters, "FromRoundNumber", errors);
    Integer toRound = round(parameters, "ToRoundNumber", errors);
    if (fromRound != null && toRound != null && fromRound > toRound) {
      errors.add(
          "FromRoundNumber ("
              + fromRound
              + ") must not be greater than ToRoundNumber ("
              + toRound
              + ").");
    }
    if (!errors.isEmpty()) throw new DtmParameterException(errors);
    return new PublicFigures.Query(
        level,
        operation,
        countryName,
        admin0Pcode,
        from,
        to,
        fromRound,
        toRound,
        level >= 1 ? parameters.get("admin1name") : null,
        level >= 1 ? parameters.get("admin1pcode") : null,
        level >= 2 ? parameters.get("admin2name") : null,
        level >= 2 ? parameters.get("admin2pcode") : null);
  }

  private static LocalDate date(Map<String, String> parameters, String name, List<String> errors) {
    String value = parameters.get(name.toLowerCase(Locale.ROOT));
    if (value == null) return null;
    try {
      return LocalDate.parse(value, DATE);
    } catch (DateTimeParseException e) {
      errors.add(name + " '" + value + "' is not a valid date; use the format YYYY-MM-DD.");
      return null;
    }
  }

  private static Integer round(Map<String, String> parameters, String name, List<String> errors) {
    String value = parameters.get(name.toLowerCase(Locale.ROOT));
    if (value == null) return null;
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      errors.add(name + " '" + value + "' is not a whole number.");
      return null;
    }
    if (number < 1) {
      errors.add(name + " must be 1 or greater; it was " + number + ".");
      return null;
    }
    return number;
  }

  /** Parameter errors answer in the API's own envelope, not as a problem document. */
  @ExceptionHandler(DtmParameterException.class)
  void badParameters(DtmParameterException e, HttpServletResponse response) throws IOException {
    response.setStatus(400);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    try (JsonGenerator out = json.getFactory().createGenerator(response.getOutputStream())) {
      out.writeStartObject();
      out.writeArrayFieldStart("result");
      out.writeEndArray();
      out.writeNumberField("statusCode", 400);
      out.writeBooleanField("isSuccess", false);
      out.writeArrayFieldStart("errorMessages");
      for (String message : e.messages()) out.writeString(message);
      out.writeEndArray();
      out.writeNumberField("totalRecordsCount", 0);
      out.writeEndObject();
    }
  }

  static final class DtmParameterException extends RuntimeException {
    private final List<String> messages;

    DtmParameterException(List<String> messages) {
      super(String.join(" ", messages));
      this.messages = List.copyOf(messages);
    }

    List<String> messages() {
      return messages;
    }
  }
}
