package org.opendtm.collection.internal.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.opendtm.collection.CollectionErrorCode;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;

/**
 * JSON pages fetched from a data-collection server a manager names (KoboToolbox, ODK Central): only
 * hosts on an allow-list, no redirects, bounded pages, and failures as problems a manager can act
 * on (a refused credential names the field; anything else is the server being unavailable).
 */
final class RemoteJson {

  private static final int MAX_BODY = 50 * 1024 * 1024;

  private final String product;
  private final String hostsProperty;
  private final Set<String> allowedHosts;
  private final CollectionErrorCode unavailable;
  private final ObjectMapper json;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * @param product the server's name in messages
   * @param hostsProperty the setting that lists the allowed hosts, named in messages
   * @param unavailable the problem when the server fails
   */
  RemoteJson(
      String product,
      String hostsProperty,
      List<String> allowedHosts,
      CollectionErrorCode unavailable,
      ObjectMapper json) {
    this.product = product;
    this.hostsProperty = hostsProperty;
    this.allowedHosts =
        allowedHosts.stream()
            .map(h -> h.strip().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    this.unavailable = unavailable;
    this.json = json;
  }

  /**
   * The server's base URI, or null with the reason added to {@code errors}. The address is typed by
   * a manager and fetched by the platform: without the allow-list, a pull could be pointed at
   * addresses inside the platform's own network.
   */
  URI server(String serverUrl, String example, List<InputError> errors) {
    URI server = null;
    try {
      server = serverUrl == null ? null : URI.create(serverUrl.strip().replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (server == null
        || server.getHost() == null
        || !("https".equals(server.getScheme()) || "http".equals(server.getScheme()))) {
      errors.add(new InputError(null, "serverUrl", serverUrl, "an http(s) URL like " + example));
      return null;
    }
    if (!allowedHosts.contains(server.getHost().toLowerCase(Locale.ROOT))) {
      errors.add(
          new InputError(
              null,
              "serverUrl",
              serverUrl,
              "not a "
                  + product
                  + " server this platform may call (allowed: "
                  + (allowedHosts.isEmpty()
                      ? "none"
                      : String.join(", ", new java.util.TreeSet<>(allowedHosts)))
                  + "; an administrator sets "
                  + hostsProperty
                  + ")"));
      return null;
    }
    return server;
  }

  /** A next page's address, if it stays on the server that was asked. */
  static URI sameServer(URI server, String link) {
    if (link == null) return null;
    URI next = URI.create(link);
    return server.getAuthority().equals(next.getAuthority()) ? next : null;
  }

  /** One JSON page; {@code credentialField} is named when the server refuses the credential. */
  JsonNode get(URI uri, String authorization, String credentialField) {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", authorization)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(uri, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(uri, "interrupted");
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_SUBMISSION_IMPORT,
          product + " refused the " + credentialField + " (HTTP " + response.statusCode() + ")",
          List.of(InputError.field(credentialField, "refused by " + product)));
    }
    if (response.statusCode() != 200) throw unavailable(uri, "HTTP " + response.statusCode());
    if (response.body().length > MAX_BODY) throw unavailable(uri, "the page is too large");
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw unavailable(uri, "not JSON");
    }
  }

  private OpenDtmException unavailable(URI uri, String why) {
    return new OpenDtmException(
        unavailable, product + " did not answer " + uri.getPath() + ": " + why);
  }
}
