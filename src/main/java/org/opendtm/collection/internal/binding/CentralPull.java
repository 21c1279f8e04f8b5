package org.opendtm.collection.internal.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.collection.internal.binding.SubmissionImport.ImportReport;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pulls a form's submissions from an ODK Central server on demand, through its OData feed ({@code
 * GET /v1/projects/{projectId}/forms/{xmlFormId}.svc/Submissions} with {@code Authorization: Bearer
 * …}, following {@code @odata.nextLink}), and imports them like an export file. Groups come as
 * nested objects and are read as {@code group/field}; the instance ID is {@code meta/instanceID}
 * (else Central's {@code __id}). The token (a Central session token) is used for the pull only,
 * never stored. ODK Central is self-hosted: no host is allowed until an administrator lists it.
 */
@Component
public class CentralPull {

  private static final int MAX_PAGES = 1000;

  private final SubmissionImport imports;
  private final RemoteJson remote;

  CentralPull(
      SubmissionImport imports,
      ObjectMapper json,
      @Value("${opendtm.collection.central-hosts:}") List<String> allowedHosts) {
    this.imports = imports;
    this.remote =
        new RemoteJson(
            "ODK Central",
            "opendtm.collection.central-hosts",
            allowedHosts,
            CollectionErrorCode.CENTRAL_UNAVAILABLE,
            json);
  }

  public ImportReport pull(
      String operation,
      String formId,
      String serverUrl,
      Integer projectId,
      String xmlFormId,
      String token,
      String user) {
    List<InputError> errors = new ArrayList<>();
    URI server = remote.server(serverUrl, "https://central.example.org", errors);
    if (projectId == null || projectId < 1) {
      errors.add(new InputError(null, "projectId", String.valueOf(projectId), "a project number"));
    }
    String central = xmlFormId == null || xmlFormId.isBlank() ? formId : xmlFormId.strip();
    if (!central.matches("[A-Za-z_][A-Za-z0-9._-]{0,255}")) {
      errors.add(new InputError(null, "xmlFormId", xmlFormId, "the form's ID in ODK Central"));
    }
    if (token == null || token.isBlank()) errors.add(InputError.field("token", "required"));
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_SUBMISSION_IMPORT, "The ODK Central pull is invalid", errors);
    }
    List<JsonNode> results = new ArrayList<>();
    URI next =
        URI.create(
            server
                + "/v1/projects/"
                + projectId
                + "/forms/"
                + URLEncoder.encode(central, StandardCharsets.UTF_8)
                + ".svc/Submissions");
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      JsonNode body = remote.get(next, "Bearer " + token.strip(), "token");
      for (JsonNode value : body.path("value")) results.add(flatten(value));
      JsonNode link = body.path("@odata.nextLink");
      next = RemoteJson.sameServer(server, link.isTextual() ? link.asText() : null);
    }
    return imports.importRows(
        operation, formId, KoboPull.header(results), KoboPull.rows(results), user);
  }

  /** One submission as flat {@code group/field} keys, with {@code __id} as {@code KEY}. */
  static JsonNode flatten(JsonNode submission) {
    ObjectNode flat = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    flatten("", submission, flat);
    if (submission.path("__id").isTextual()) flat.put("KEY", submission.path("__id").asText());
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, ObjectNode flat) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      // Central's own (__id, __system) and OData links (repeats are separate feeds)
      if (key.startsWith("__") || key.contains("@")) continue;
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(prefix + key + "/", value, flat);
      } else if (!value.isArray()) {
        flat.set(prefix + key, value);
      }
    }
  }
}
