package org.opendtm.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Benchmark of applying queued submissions to a large COLLECTING round
 * (bench/collect-apply/run.sh): the CPU per applied submission (server JVM + its PostgreSQL
 * processes, from /proc) when each submission re-validates the whole round (a reviewer's {@code
 * POST …/submissions/{id}/apply}, what the background worker did per submission before session 3)
 * against the worker applying a queue and validating the round once per batch ({@code POST
 * …/forms/{form}/submissions/apply}).
 *
 * <p>Arguments: base URL, admin password, operation, round, batch size (queued submissions),
 * one-by-one count, server JVM pid, postmaster.pid file, locations CSV (codes in its first column
 * after a header and an HXL row).
 */
public final class ApplyBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static String base;
  private static String auth;
  private static String op;

  public static void main(String[] args) throws Exception {
    base = args[0];
    auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[1]).getBytes());
    op = args[2];
    int round = Integer.parseInt(args[3]);
    int batch = Integer.parseInt(args[4]);
    int oneByOne = Integer.parseInt(args[5]);
    long jvm = Long.parseLong(args[6]);
    long postmaster = Long.parseLong(Files.readAllLines(Path.of(args[7])).get(0).strip());
    List<String> places;
    try (Stream<String> lines = Files.lines(Path.of(args[8]))) {
      places = lines.skip(2).limit(batch + oneByOne).map(l -> l.split(",", 2)[0]).toList();
    }
    String suffix = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    String queued = "apply_batch_" + suffix;
    String single = "apply_one_" + suffix;
    upload(queued);
    upload(single);
    JsonNode enumerator =
        send(
            "POST",
            "/api/v1/operations/" + op + "/enumerators",
            Map.of("username", "bench-" + suffix, "displayName", "Bench"));
    String tokenUrl = enumerator.path("tokenUrl").asText();

    // submissions stored before their form is bound: NOT_APPLIED at once, nothing validated
    post(tokenUrl, queued, places.subList(0, batch));
    post(tokenUrl, single, places.subList(batch, batch + oneByOne));
    waitNotPending(queued);
    waitNotPending(single);
    bind(queued);
    bind(single);
    System.out.printf(
        "round %d of %s: assessments %s%n",
        round,
        op,
        send("GET", "/api/v1/operations/" + op + "/rounds/" + round, null).path("assessments"));

    // one by one, each validating the whole round
    long[] before = cpu(jvm, postmaster);
    long t0 = System.nanoTime();
    List<String> ids = instanceIds(single);
    for (String id : ids) {
      send(
          "POST",
          "/api/v1/operations/" + op + "/forms/" + single + "/submissions/" + id + "/apply",
          null);
    }
    report("one by one (validation per submission)", ids.size(), before, cpu(jvm, postmaster), t0);

    // the worker's queue: validation once per batch
    before = cpu(jvm, postmaster);
    t0 = System.nanoTime();
    send("POST", "/api/v1/operations/" + op + "/forms/" + queued + "/submissions/apply", null);
    waitNotPending(queued);
    waitIdle(jvm, postmaster); // the worker validates the round after its last batch
    report("queued (validation per batch)", batch, before, cpu(jvm, postmaster), t0);
    System.out.println(
        "applied: "
            + count(queued, "APPLIED")
            + " of "
            + batch
            + " queued, "
            + count(single, "APPLIED")
            + " of "
            + oneByOne
            + " one by one");
  }

  private static void report(String what, int n, long[] before, long[] after, long t0) {
    double tick = 100.0; // USER_HZ on Linux
    double jvmMs = (after[0] - before[0]) * 1000 / tick;
    double pgMs = (after[1] - before[1]) * 1000 / tick;
    System.out.printf(
        "%s: %d submissions in %.1f s wall; CPU per submission: JVM %.1f ms + PostgreSQL %.1f ms"
            + " = %.1f ms (load %s)%n",
        what,
        n,
        (System.nanoTime() - t0) / 1e9,
        jvmMs / n,
        pgMs / n,
        (jvmMs + pgMs) / n,
        loadAverage());
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** User + system ticks of the JVM, and of the postmaster and its children. */
  private static long[] cpu(long jvm, long postmaster) throws IOException {
    long pg = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        long[] stat = stat(Long.parseLong(name));
        if (stat == null) continue;
        if (stat[0] == postmaster || Long.parseLong(name) == postmaster) pg += stat[1];
      }
    }
    long[] own = stat(jvm);
    return new long[] {own == null ? 0 : own[1], pg};
  }

  /** {parent pid, utime + stime} of a process, or null when it is gone. */
  private static long[] stat(long pid) {
    try {
      String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void upload(String formId) throws Exception {
    byte[] workbook =
        XlsForms.workbook()
            .survey("type", "name", "label")
            .survey("text", "location_code", "Location code")
            .survey("integer", "idp_households", "IDP households")
            .survey("integer", "idp_individuals", "IDP individuals")
            .settings("form_id", "version", "form_title")
            .settings(formId, "1", "Apply bench")
            .bytes();
    String boundary = "bench" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + formId
                + ".xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + workbook.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(workbook, 0, body, head.length, workbook.length);
    System.arraycopy(tail, 0, body, head.length + workbook.length, tail.length);
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/operations/" + op + "/forms"))
                .header("Authorization", auth)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 201) throw new IllegalStateException(answer.body());
  }

  private static void bind(String formId) throws Exception {
    send(
        "PUT",
        "/api/v1/operations/" + op + "/forms/" + formId + "/binding",
        Map.of(
            "placeField", "location_code",
            "placeKind", "LOCATION_CODE",
            "assessmentType", "SA",
            "figures",
                List.of(
                    Map.of(
                        "group", "IDP",
                        "householdsField", "idp_households",
                        "individualsField", "idp_individuals"))));
  }

  private static void post(String tokenUrl, String formId, List<String> places) {
    CollectClient collect = new CollectClient();
    int i = 0;
    for (String place : places) {
      String xml =
          "<?xml version='1.0' ?><data id=\""
              + formId
              + "\" version=\"1\"><location_code>"
              + place
              + "</location_code><idp_households>"
              + (10 + i % 7)
              + "</idp_households><idp_individuals>"
              + (50 + i % 31)
              + "</idp_individuals><meta><instanceID>uuid:"
              + UUID.randomUUID()
              + "</instanceID></meta></data>";
      int status =
          collect
              .submit(tokenUrl + "/submission", xml.getBytes(StandardCharsets.UTF_8))
              .statusCode();
      if (status != 201) throw new IllegalStateException("submission answered " + status);
      i++;
    }
  }

  private static List<String> instanceIds(String formId) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode list =
          send(
              "GET",
              "/api/v1/operations/"
                  + op
                  + "/forms/"
                  + formId
                  + "/submissions?size=500&page="
                  + page,
              null);
      list.path("items").forEach(s -> ids.add(s.path("instanceId").asText()));
      if (list.path("items").size() < 500) return ids;
    }
  }

  private static long count(String formId, String processing) throws Exception {
    long n = 0;
    for (int page = 0; ; page++) {
      JsonNode list =
          send(
              "GET",
              "/api/v1/operations/"
                  + op
                  + "/forms/"
                  + formId
                  + "/submissions?size=500&page="
                  + page,
              null);
      for (JsonNode s : list.path("items")) {
        if (processing.equals(s.path("processing").asText())) n++;
      }
      if (list.path("items").size() < 500) return n;
    }
  }

  private static void waitNotPending(String formId) throws Exception {
    while (count(formId, "PENDING") > 0) Thread.sleep(200);
  }

  /** Until the server has used next to no CPU for two seconds in a row. */
  private static void waitIdle(long jvm, long postmaster) throws Exception {
    long[] last = cpu(jvm, postmaster);
    int quiet = 0;
    while (quiet < 2) {
      Thread.sleep(1000);
      long[] now = cpu(jvm, postmaster);
      quiet = (now[0] + now[1]) - (last[0] + last[1]) <= 3 ? quiet + 1 : 0;
      last = now;
    }
  }

  private static JsonNode send(String method, String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 400) {
      throw new IllegalStateException(
          method + " " + path + ": " + answer.statusCode() + " " + answer.body());
    }
    return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
  }
}
