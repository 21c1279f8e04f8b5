package org.opendtm.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Firefox driven over WebDriver BiDi, which Firefox speaks itself: no geckodriver
 * (Debian has no package of it and CI may not download one). Starts {@code firefox --headless
 * --remote-debugging-port 0} with a fresh profile, reads the WebSocket address Firefox prints,
 * opens a BiDi session and offers the few commands the tests need: navigate, evaluate a script,
 * type keys, set the viewport, take a screenshot; it collects the page's console and JavaScript
 * errors ({@code log.entryAdded}).
 *
 * <p>Protocol: https://w3c.github.io/webdriver-bidi/ (session.new, browsingContext.*, script.*,
 * input.performActions, log.entryAdded).
 */
public final class FirefoxBiDi implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> logEntries = new CopyOnWriteArrayList<>();
  private final String context;

  /** The Firefox binary: {@code OPENDTM_FIREFOX}, else Debian's firefox-esr or firefox. */
  public static Optional<Path> binary() {
    String configured = System.getenv("OPENDTM_FIREFOX");
    List<Path> candidates =
        configured != null
            ? List.of(Path.of(configured))
            : List.of(Path.of("/usr/bin/firefox-esr"), Path.of("/usr/bin/firefox"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Starts Firefox and opens a session with one tab of the given viewport size. */
  public static FirefoxBiDi start(Path binary, int width, int height) throws IOException {
    return new FirefoxBiDi(binary, width, height);
  }

  private FirefoxBiDi(Path binary, int width, int height) throws IOException {
    profile = Files.createTempDirectory("opendtm-firefox");
    // quiet start: no first-run pages, no updates, no telemetry, English pages
    Files.writeString(
        profile.resolve("user.js"),
        """
        user_pref("browser.shell.checkDefaultBrowser", false);
        user_pref("browser.startup.homepage_override.mstone", "ignore");
        user_pref("datareporting.policy.dataSubmissionEnabled", false);
        user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
        user_pref("app.update.disabledForTesting", true);
        user_pref("intl.accept_languages", "en-GB");
        """);
    process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-remote",
                "--profile",
                profile.toString(),
                "--remote-debugging-port",
                "0",
                "about:blank")
            .redirectErrorStream(true)
            .start();
    String address = awaitAddress();
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .buildAsync(URI.create(address + "/session"), new Listener())
            .join();
    command("session.new", Map.of("capabilities", Map.of()));
    command("session.subscribe", Map.of("events", List.of("log.entryAdded")));
    context =
        command("browsingContext.getTree", Map.of())
            .path("contexts")
            .get(0)
            .path("context")
            .asText();
    // a headless window is not focused: without this, focus() in a page does nothing
    command("browsingContext.activate", Map.of("context", context));
    setViewport(width, height);
  }

  private String awaitAddress() throws IOException {
    CompletableFuture<String> address = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) address.complete(m.group(1));
                }
              } catch (IOException e) {
                address.completeExceptionally(e);
              }
              address.completeExceptionally(new IOException("Firefox ended"));
            },
            "firefox-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return address.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      synchronized (output) {
        throw new IOException("Firefox did not open WebDriver BiDi; its output:\n" + output, e);
      }
    }
  }

  /** Sends one command and waits for its result; a BiDi error becomes an exception. */
  public JsonNode command(String method, Object params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = json.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", json.valueToTree(params));
    synchronized (socket) {
      socket.sendText(message.toString(), true).join();
    }
    JsonNode response;
    try {
      response = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("No answer from Firefox to " + method, e);
    } finally {
      pending.remove(id);
    }
    if ("error".equals(response.path("type").asText())) {
      throw new IllegalStateException(
          method
              + ": "
              + response.path("error").asText()
              + ": "
              + response.path("message").asText());
    }
    return response.path("result");
  }

  /** Opens a URL and waits until the page has loaded. */
  public void navigate(String url) {
    command("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
  }

  /** The current page's address. */
  public String url() {
    return evaluate("location.href").asText();
  }

  /**
   * Evaluates an expression in the page (promises awaited) and returns its value as JSON (BiDi's
   * serialisation reduced to plain values: strings, numbers, booleans, null).
   */
  public JsonNode evaluate(String expression) {
    JsonNode result =
        command(
            "script.evaluate",
            Map.of(
                "expression",
                expression,
                "target",
                Map.of("context", context),
                "awaitPromise",
                true,
                "resultOwnership",
                "none"));
    if ("exception".equals(result.path("type").asText())) {
      throw new IllegalStateException(
          "Script failed: "
              + result.path("exceptionDetails").path("text").asText()
              + " in "
              + expression);
    }
    JsonNode value = result.path("result");
    return value.has("value") ? value.get("value") : json.nullNode();
  }

  /** Runs a function body ({@code return …}) in the page and returns its value as text. */
  public String run(String functionBody) {
    return evaluate("(function(){" + functionBody + "})()").asText();
  }

  /** Waits until an expression is truthy in the page, or fails with what the page logged. */
  public void waitUntil(String expression, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (evaluate("!!(" + expression + ")").asBoolean()) return;
      } catch (IllegalStateException e) {
        // the page is changing: try again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "Timed out waiting for " + expression + " on " + url() + "; console: " + console());
  }

  /**
   * Types text as key presses into the focused element; {@link #ENTER} and {@link #TAB} are the
   * WebDriver codes of those keys.
   */
  public void type(String text) {
    List<Map<String, Object>> actions = new ArrayList<>();
    text.codePoints()
        .forEach(
            c -> {
              String key = new String(Character.toChars(c));
              actions.add(Map.of("type", "keyDown", "value", key));
              actions.add(Map.of("type", "keyUp", "value", key));
            });
    command(
        "input.performActions",
        Map.of(
            "context",
            context,
            "actions",
            List.of(Map.of("type", "key", "id", "keyboard", "actions", actions))));
  }

  /** Clicks the centre of the first element matching a CSS selector, as a mouse would. */
  public void click(String cssSelector) {
    JsonNode result =
        command(
            "script.evaluate",
            Map.of(
                "expression",
                "document.querySelector(" + json.valueToTree(cssSelector) + ")",
                "target",
                Map.of("context", context),
                "awaitPromise",
                false,
                "resultOwnership",
                "root"));
    String element = result.path("result").path("sharedId").asText(null);
    if (element == null) throw new IllegalStateException("Nothing matches " + cssSelector);
    evaluate(
        "document.querySelector("
            + json.valueToTree(cssSelector)
            + ").scrollIntoView({block: 'center'})");
    Map<String, Object> origin = Map.of("type", "element", "element", Map.of("sharedId", element));
    command(
        "input.performActions",
        Map.of(
            "context",
            context,
            "actions",
            List.of(
                Map.of(
                    "type",
                    "pointer",
                    "id",
                    "mouse",
                    "parameters",
                    Map.of("pointerType", "mouse"),
                    "actions",
                    List.of(
                        Map.of("type", "pointerMove", "x", 0, "y", 0, "origin", origin),
                        Map.of("type", "pointerDown", "button", 0),
                        Map.of("type", "pointerUp", "button", 0))))));
  }

  public static final String ENTER = "\uE007";
  public static final String TAB = "\uE004";

  public void setViewport(int width, int height) {
    command(
        "browsingContext.setViewport",
        Map.of("context", context, "viewport", Map.of("width", width, "height", height)));
  }

  /** A PNG of the viewport. */
  public byte[] screenshot() {
    String data =
        command("browsingContext.captureScreenshot", Map.of("context", context))
            .path("data")
            .asText();
    return Base64.getDecoder().decode(data);
  }

  /** Everything the pages logged since the start (or the last {@link #clearLog()}). */
  public List<JsonNode> logEntries() {
    return List.copyOf(logEntries);
  }

  /** Entries of level error: uncaught exceptions and console.error. */
  public List<String> errors() {
    return logEntries.stream()
        .filter(e -> "error".equals(e.path("level").asText()))
        .map(e -> e.path("type").asText() + ": " + e.path("text").asText())
        .toList();
  }

  public void clearLog() {
    logEntries.clear();
  }

  public String console() {
    StringBuilder out = new StringBuilder();
    logEntries.forEach(
        e ->
            out.append(e.path("level").asText())
                .append(' ')
                .append(e.path("text").asText())
                .append('\n'));
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    try {
      command("browser.close", Map.of());
    } catch (RuntimeException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void received(String text) {
    JsonNode message;
    try {
      message = json.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (message.has("id") && !message.get("id").isNull()) {
      CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
      if (answer != null) answer.complete(message);
    } else if ("log.entryAdded".equals(message.path("method").asText())) {
      logEntries.add(message.path("params"));
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received(text);
      }
      webSocket.request(1);
      return null;
    }
  }
}
