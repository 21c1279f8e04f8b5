package org.opendtm.collection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's reliability promise: the real server (child JVM, durable embedded PostgreSQL on a data
 * directory) takes a burst of submissions from several threads and is killed with SIGKILL in the
 * middle — the JVM and every PostgreSQL process, as a power cut would, so PostgreSQL recovers from
 * its WAL. After a restart on the same directory, every submission that got a 201 is there exactly
 * once, and a retry of one of them is recognised (202, no new row).
 */
class SubmissionCrashIntegrationTest {

  private static final int THREADS = 8;

  @TempDir Path data;

  @Test
  void everyAcknowledgedSubmissionSurvivesKillMinus9ExactlyOnce() throws Exception {
    int port = freePort();
    Server server = Server.start(data, port);
    try {
      burstKillRestartAndCheck(server, port);
    } finally {
      server.killEverything(); // a no-op once killed
    }
  }

  private void burstKillRestartAndCheck(Server server, int port) throws Exception {
    String submissionUrl =
        "http://127.0.0.1:" + port + "/openrosa/CRASH/key/" + server.token + "/submission";
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(
          CompletableFuture.runAsync(
              () -> {
                CollectClient client = new CollectClient();
                for (int i = 0; !stop.get(); i++) {
                  String id = "uuid:crash-" + thread + "-" + i;
                  attempts.incrementAndGet();
                  try {
                    var response =
                        client.submit(submissionUrl, CollectClient.instance(id, "Kaga", i, 4000));
                    if (response.statusCode() == 201) acknowledged.add(id);
                  } catch (RuntimeException connectionLost) {
                    return; // the server is gone
                  }
                }
              },
              pool));
    }
    // let the burst run, then kill in the middle of it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (acknowledged.size() < 300 && System.nanoTime() < deadline) Thread.sleep(20);
    int acknowledgedBeforeKill = acknowledged.size();
    server.killEverything();
    stop.set(true);
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    pool.shutdownNow();
    assertThat(acknowledgedBeforeKill).as("submissions acknowledged before the kill").isPositive();
    assertThat(attempts.get())
        .as("requests in flight when killed")
        .isGreaterThan(acknowledged.size());

    int port2 = freePort();
    Server restarted = Server.start(data, port2);
    try {
      Map<String, Integer> stored = storedInstanceIds(port2);
      List<String> lost = new ArrayList<>();
      List<String> duplicated = new ArrayList<>();
      for (String id : acknowledged) {
        Integer count = stored.get(id);
        if (count == null) lost.add(id);
        else if (count != 1) duplicated.add(id);
      }
      assertThat(lost).as("acknowledged but lost").isEmpty();
      assertThat(duplicated).as("stored more than once").isEmpty();
      assertThat(stored.size()).isGreaterThanOrEqualTo(acknowledged.size());

      // Collect retries what it did not see acknowledged: recognised, not stored twice
      String one = acknowledged.iterator().next();
      String[] parts = one.split("-");
      var retry =
          new CollectClient()
              .submit(
                  "http://127.0.0.1:"
                      + port2
                      + "/openrosa/CRASH/key/"
                      + restarted.token
                      + "/submission",
                  CollectClient.instance(one, "Kaga", Integer.parseInt(parts[2]), 4000));
      assertThat(retry.statusCode()).isEqualTo(202);
      System.out.printf(
          "crash test: %d requests, %d acknowledged, %d stored after restart%n",
          attempts.get(), acknowledged.size(), stored.size());
    } finally {
      restarted.killEverything();
    }
  }

  /** instanceID → number of rows, through the read API as the platform administrator. */
  private static Map<String, Integer> storedInstanceIds(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String basic =
        Base64.getEncoder()
            .encodeToString("admin:crash-admin-password-1".getBytes(StandardCharsets.UTF_8));
    Map<String, Integer> stored = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (int page = 0; ; page++) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + port
                              + "/api/v1/operations/CRASH/forms/site_assessment/submissions"
                              + "?size=500&page="
                              + page))
                  .header("Authorization", "Basic " + basic)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode items = json.readTree(response.body()).path("items");
      if (items.isEmpty()) return stored;
      items.forEach(item -> stored.merge(item.path("instanceId").asText(), 1, Integer::sum));
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The application in a child JVM. */
  private static final class Server {
    final Process process;
    final Path data;
    final String token;
    private boolean killed;

    private Server(Process process, Path data, String token) {
      this.process = process;
      this.data = data;
      this.token = token;
    }

    static Server start(Path data, int port) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashTestServer.class.getName(),
                  data.toString(),
                  Integer.toString(port))
              .redirectErrorStream(true)
              .start();
      CompletableFuture<String> ready = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (var out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  StringBuilder log = new StringBuilder();
                  while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) ready.complete(line.substring(6).strip());
                    else if (!ready.isDone()) log.append(line).append('\n');
                  }
                  ready.completeExceptionally(new IllegalStateException("server died:\n" + log));
                } catch (Exception e) {
                  ready.completeExceptionally(e);
                }
              });
      reader.setDaemon(true);
      reader.start();
      Server server = new Server(process, data, null);
      try {
        return new Server(process, data, ready.get(180, TimeUnit.SECONDS));
      } catch (Exception e) {
        server.killEverything(); // never leave a server behind
        throw e;
      }
    }

    /** SIGKILL to the JVM and to every PostgreSQL process of its data directory. */
    void killEverything() throws Exception {
      if (killed) return;
      killed = true;
      Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
      long postmaster =
          Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1;
      List<ProcessHandle> victims = new ArrayList<>();
      victims.add(process.toHandle());
      process.toHandle().descendants().forEach(victims::add);
      ProcessHandle.of(postmaster)
          // only a PostgreSQL server, never a process that happens to reuse a stale pid
          .filter(pm -> pm.info().command().map(c -> c.contains("postgres")).orElse(false))
          .ifPresent(
              pm -> {
                victims.add(pm);
                pm.descendants().forEach(victims::add);
              });
      victims.forEach(ProcessHandle::destroyForcibly); // SIGKILL on Linux
      process.waitFor(30, TimeUnit.SECONDS);
      for (ProcessHandle victim : victims) {
        victim.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
