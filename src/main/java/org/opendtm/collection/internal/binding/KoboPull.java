package org.opendtm.collection.internal.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.collection.internal.binding.SubmissionImport.ImportReport;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pulls a form's submissions from the KoboToolbox data API on demand ({@code GET
 * /api/v2/assets/{uid}/data/?format=json} with {@code Authorization: Token …}, following {@code
 * next} pages) and imports them like an export file. The token is used for the pull only, never
 * stored.
 */
@Component
public class KoboPull {

  private static final int MAX_PAGES = 1000;
  private static final int MAX_BODY = 50 * 1024 * 1024;

  private final SubmissionImport imports;
  private final ObjectMapper json;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * The hosts a pull may reach. A manager types the server's address, and the server then fetches
   * it: without a list, that is a way to make the platform call addresses inside its own network.
   */
  private final Set<String> allowedHosts;

  KoboPull(
      SubmissionImport imports,
      ObjectMapper json,
      @Value(
              "${opendtm.collection.kobo-hosts:kf.kobotoolbox.org,eu.kobotoolbox.org,"
                  + "kobo.humanitarianresponse.info}")
          List<String> allowedHosts) {
    this.imports = imports;
    this.json = json;
    this.allowedHosts =
        allowedHosts.stream()
            .map(h -> h.strip().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  public ImportReport pull(
      String operation,
      String formId,
      String serverUrl,
      String assetUid,
      String token,
      String user) {
    List<InputError> errors = new ArrayList<>();
    URI server = null;
    try {
      server = serverUrl == null ? null : URI.create(serverUrl.strip().replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (server == null
        || server.getHost() == null
        || !("https".equals(server.getScheme()) || "http".equals(server.getScheme()))) {
      errors.add(
          new InputError(
              null, "serverUrl", serverUrl, "an http(s) URL like https://kf.kobotoolbox.org"));
    }
    if (server != null
        && server.getHost() != null
        && !allowedHosts.contains(server.getHost().toLowerCase(Locale.ROOT))) {
      errors.add(
          new InputError(
              null,
              "serverUrl",
              serverUrl,
              "not a KoboToolbox server this platform may call (allowed: "
                  + String.join(", ", new java.util.TreeSet<>(allowedHosts))
                  + "; an administrator sets opendtm.collection.kobo-hosts)"));
    }
    if (assetUid == null || !assetUid.matches("[A-Za-z0-9]{1,64}")) {
      errors.add(
          new InputError(null, "assetUid", assetUid, "the form's asset uid (letters and digits)"));
    }
    if (token == null || token.isBlank()) errors.add(InputError.field("token", "required"));
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_SUBMISSION_IMPORT, "The KoboToolbox pull is invalid", errors);
    }
    List<JsonNode> results = new ArrayList<>();
    URI next =
        URI.create(
            server
                + "/api/v2/assets/"
                + URLEncoder.encode(assetUid, StandardCharsets.UTF_8)
                + "/data/?format=json");
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      JsonNode body = get(next, token.strip());
      body.path("results").forEach(results::add);
      String link = body.path("next").isTextual() ? body.path("next").asText() : null;
      // pages stay on the server that was asked: a "next" elsewhere is not followed
      next = link == null ? null : URI.create(link);
      if (next != null && !server.getAuthority().equals(next.getAuthority())) next = null;
    }
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode result : results) result.fieldNames().forEachRemaining(columns::add);
    List<String> header = List.copyOf(columns);
    List<String[]> rows = new ArrayList<>();
    for (JsonNode result : results) {
      String[] cells = new String[header.size()];
      for (int i = 0; i < cells.length; i++) {
        JsonNode value = result.get(header.get(i));
        cells[i] = value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
      }
      rows.add(cells);
    }
    return imports.importRows(operation, formId, header, rows, user);
  }

  private JsonNode get(URI uri, String token) {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Token " + token)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(uri, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(uri, "interrupted");
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_SUBMISSION_IMPORT,
          "KoboToolbox refused the token (HTTP " + response.statusCode() + ")",
          List.of(InputError.field("token", "refused by KoboToolbox")));
    }
    if (response.statusCode() != 200) {
      throw unreachable(uri, "HTTP " + response.statusCode());
    }
    if (response.body().length > MAX_BODY) throw unreachable(uri, "the page is too large");
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw unreachable(uri, "not JSON");
    }
  }

  private static OpenDtmException unreachable(URI uri, String why) {
    return new OpenDtmException(
        CollectionErrorCode.KOBO_UNAVAILABLE,
        "KoboToolbox did not answer " + uri.getPath() + ": " + why);
  }
}
