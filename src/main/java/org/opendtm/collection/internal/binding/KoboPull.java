package org.opendtm.collection.internal.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

  private final SubmissionImport imports;
  private final RemoteJson remote;

  KoboPull(
      SubmissionImport imports,
      ObjectMapper json,
      @Value(
              "${opendtm.collection.kobo-hosts:kf.kobotoolbox.org,eu.kobotoolbox.org,"
                  + "kobo.humanitarianresponse.info}")
          List<String> allowedHosts) {
    this.imports = imports;
    this.remote =
        new RemoteJson(
            "KoboToolbox",
            "opendtm.collection.kobo-hosts",
            allowedHosts,
            CollectionErrorCode.KOBO_UNAVAILABLE,
            json);
  }

  public ImportReport pull(
      String operation,
      String formId,
      String serverUrl,
      String assetUid,
      String token,
      String user) {
    List<InputError> errors = new ArrayList<>();
    URI server = remote.server(serverUrl, "https://kf.kobotoolbox.org", errors);
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
      JsonNode body = remote.get(next, "Token " + token.strip(), "token");
      body.path("results").forEach(results::add);
      // pages stay on the server that was asked: a "next" elsewhere is not followed
      next =
          RemoteJson.sameServer(
              server, body.path("next").isTextual() ? body.path("next").asText() : null);
    }
    return imports.importRows(operation, formId, header(results), rows(results), user);
  }

  /** The union of the results' keys, in the order first seen: the import's header. */
  static List<String> header(List<JsonNode> results) {
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode result : results) result.fieldNames().forEachRemaining(columns::add);
    return List.copyOf(columns);
  }

  /** One row of cells per result under that header; nested values are left out. */
  static List<String[]> rows(List<JsonNode> results) {
    List<String> header = header(results);
    List<String[]> rows = new ArrayList<>();
    for (JsonNode result : results) {
      String[] cells = new String[header.size()];
      for (int i = 0; i < cells.length; i++) {
        JsonNode value = result.get(header.get(i));
        cells[i] = value == null || value.isNull() || value.isContainerNode() ? "" : value.asText();
      }
      rows.add(cells);
    }
    return rows;
  }
}
