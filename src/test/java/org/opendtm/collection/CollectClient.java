package org.opendtm.collection;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test client that talks like ODK Collect (see /work/shared/tools/collect): requests without
 * credentials first, then the answer to the first Digest challenge (qop=auth, counting nc up on the
 * same nonce), the next requests pre-emptively with the cached challenge; X-OpenRosa-Version on
 * every request; multipart with {@code xml_submission_file} first.
 */
public final class CollectClient {

  /** One part of a multipart body. */
  public record Part(String name, String filename, String contentType, byte[] content) {}

  private static final Pattern PARAMETER =
      Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]*))");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String username;
  private final String password;
  private final String algorithm;
  private Map<String, String> challenge;
  private int nc;
  private String cnonce;

  /** A client with credentials answering the challenge of {@code algorithm} (MD5 or SHA-256). */
  public CollectClient(String username, String password, String algorithm) {
    this.username = username;
    this.password = password;
    this.algorithm = algorithm;
  }

  /** A client without credentials (token URLs). */
  public CollectClient() {
    this(null, null, "MD5");
  }

  public HttpResponse<byte[]> get(String url) {
    return send("GET", url, null, null, Map.of());
  }

  public HttpResponse<byte[]> head(String url) {
    return send("HEAD", url, null, null, Map.of());
  }

  public HttpResponse<byte[]> post(String url, List<Part> parts) {
    String boundary = UUID.randomUUID().toString();
    return send(
        "POST",
        url,
        multipart(boundary, parts),
        "multipart/form-data; boundary=" + boundary,
        Map.of());
  }

  /** A submission as Collect sends it: the instance, then its attachments. */
  public HttpResponse<byte[]> submit(String url, byte[] xml, Part... attachments) {
    List<Part> parts = new java.util.ArrayList<>();
    parts.add(new Part("xml_submission_file", "Site_assessment_2024.xml", "text/xml", xml));
    parts.addAll(List.of(attachments));
    return post(url, parts);
  }

  public synchronized HttpResponse<byte[]> send(
      String method, String url, byte[] body, String contentType, Map<String, String> headers) {
    String authorization = challenge == null ? null : authorization(method, URI.create(url));
    HttpResponse<byte[]> response = raw(method, url, body, contentType, headers, authorization);
    if (response.statusCode() == 401 && username != null) {
      Map<String, String> offered = challengeOf(response);
      if (offered == null) return response;
      boolean stale = "true".equalsIgnoreCase(offered.get("stale"));
      if (authorization != null && !stale && offered.get("nonce").equals(nonceOrNull())) {
        return response;
      }
      challenge = offered;
      nc = 0;
      response =
          raw(method, url, body, contentType, headers, authorization(method, URI.create(url)));
    }
    return response;
  }

  private String nonceOrNull() {
    return challenge == null ? null : challenge.get("nonce");
  }

  private HttpResponse<byte[]> raw(
      String method,
      String url,
      byte[] body,
      String contentType,
      Map<String, String> headers,
      String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("X-OpenRosa-Version", "1.0")
            .header("User-Agent", "org.odk.collect.android/v2026.3.3 test")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) request.header("Content-Type", contentType);
    if (authorization != null) request.header("Authorization", authorization);
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The Digest challenge of this client's algorithm (MD5 when the header names none). */
  private Map<String, String> challengeOf(HttpResponse<?> response) {
    for (String value : response.headers().allValues("WWW-Authenticate")) {
      if (!value.regionMatches(true, 0, "Digest ", 0, 7)) continue;
      Map<String, String> parameters = parameters(value.substring(7));
      if (parameters.getOrDefault("algorithm", "MD5").equalsIgnoreCase(algorithm)) {
        return parameters;
      }
    }
    return null;
  }

  public static Map<String, String> parameters(String header) {
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAMETER.matcher(header);
    while (matcher.find()) {
      parameters.put(
          matcher.group(1).toLowerCase(Locale.ROOT),
          matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
    }
    return parameters;
  }

  private String authorization(String method, URI uri) {
    nc++;
    if (cnonce == null || nc == 1) cnonce = UUID.randomUUID().toString().replace("-", "");
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return authorization(method, path, String.format("%08x", nc));
  }

  /** The header for a given nonce count: lets tests replay an old count on purpose. */
  public String authorization(String method, String path, String ncHex) {
    String realm = challenge.get("realm");
    String nonce = challenge.get("nonce");
    String ha1 = hash(username + ":" + realm + ":" + password);
    String ha2 = hash(method + ":" + path);
    String response = hash(ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2);
    return "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", response=\"%s\", qop=auth, nc=%s, cnonce=\"%s\", algorithm=%s, opaque=\"%s\""
        .formatted(
            username,
            realm,
            nonce,
            path,
            response,
            ncHex,
            cnonce,
            algorithm,
            challenge.get("opaque"));
  }

  private String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** OkHttp's multipart layout: no per-part Content-Length. */
  public static byte[] multipart(String boundary, List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + part.name()
                  + "\""
                  + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"")
                  + "\r\n"
                  + (part.contentType() == null
                      ? ""
                      : "Content-Type: " + part.contentType() + "\r\n")
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(part.content());
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A filled instance of the test form, about {@code padding} bytes bigger than bare. */
  public static byte[] instance(String instanceId, String site, int households, int padding) {
    return ("<?xml version='1.0' ?><data id=\"site_assessment\" version=\"2024031501\""
            + " xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\">"
            + "<site>"
            + site
            + "</site><households>"
            + households
            + "</households>"
            + "<photo>photo.jpg</photo>"
            + "<notes>"
            + "x".repeat(Math.max(0, padding))
            + "</notes>"
            + "<meta><instanceID>"
            + instanceId
            + "</instanceID></meta></data>")
        .getBytes(StandardCharsets.UTF_8);
  }
}
