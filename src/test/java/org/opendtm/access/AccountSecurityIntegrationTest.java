package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.TestPropertySource;

/**
 * Account hardening over real HTTP: password rules and Argon2id (with bcrypt upgraded on sign-in),
 * password change, lock-out counted in the database, session timeouts, API tokens and their scope.
 * Rate limits are off here (they have their own test); time is a clock the test moves.
 */
@TestPropertySource(properties = "opendtm.rate-limits.enabled=false")
class AccountSecurityIntegrationTest extends ApiTestSupport {

  private static final String PASSWORD = "a-strong-enough-password";

  @TestConfiguration
  static class Config {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }

    @Bean
    LockEvents lockEvents() {
      return new LockEvents();
    }
  }

  static class LockEvents {
    final List<AccountLocked> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(AccountLocked event) {
      events.add(event);
    }
  }

  @Autowired MovableClock clock;
  @Autowired LockEvents lockEvents;
  @Autowired JdbcClient jdbc;
  @Autowired UserManagement users;
  @Autowired GeographyManagement geography;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void resetClock() {
    clock.set(Instant.now());
  }

  private HttpResponse<String> send(String method, String path, String auth, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    if (auth != null)
      request.header(
          auth.startsWith("Cookie:") ? "Cookie" : "Authorization",
          auth.startsWith("Cookie:") ? auth.substring(7) : auth);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode body(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  // ------------------------------------------------------------------ passwords

  @Test
  void passwordsFollowTheRulesAreHashedWithArgon2idAndOldBcryptHashesAreUpgraded()
      throws Exception {
    var weak =
        send(
            "POST",
            "/api/v1/users",
            basic("admin", ADMIN_PASSWORD),
            "{\"username\":\"pw-user\",\"password\":\"Summer2025!!\"}");
    assertThat(weak.statusCode()).isEqualTo(422);
    assertThat(body(weak).path("code").asText()).isEqualTo("WEAK_PASSWORD");
    assertThat(
            send(
                    "POST",
                    "/api/v1/users",
                    basic("admin", ADMIN_PASSWORD),
                    "{\"username\":\"pw-user\",\"password\":\"pw-user\"}")
                .statusCode())
        .isEqualTo(422);
    assertThat(users.exists("pw-user")).isFalse();

    var created =
        send(
            "POST",
            "/api/v1/users",
            basic("admin", ADMIN_PASSWORD),
            "{\"username\":\"pw-user\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(hashOf("pw-user")).startsWith("{argon2}$argon2id$");

    // an account from before Argon2id: its bcrypt hash verifies and is replaced on sign-in
    jdbc.sql("update access.app_user set password_hash = :hash where username = 'pw-user'")
        .param("hash", "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD))
        .update();
    assertThat(send("GET", "/api/v1/me", basic("pw-user", PASSWORD), null).statusCode())
        .isEqualTo(200);
    assertThat(hashOf("pw-user")).startsWith("{argon2}$argon2id$");

    // changing the password: the current one must be right, the new one strong
    String me = basic("pw-user", PASSWORD);
    var wrongCurrent =
        send(
            "PUT",
            "/api/v1/me/password",
            me,
            "{\"current\":\"not-my-password\",\"new\":\"another-good-passphrase\"}");
    assertThat(wrongCurrent.statusCode()).isEqualTo(422);
    assertThat(body(wrongCurrent).path("code").asText()).isEqualTo("WRONG_PASSWORD");
    assertThat(failuresOf("pw-user")).isEqualTo(1);
    var weakNew =
        send(
            "PUT",
            "/api/v1/me/password",
            me,
            "{\"current\":\"" + PASSWORD + "\",\"new\":\"qwertyuiop123\"}");
    assertThat(weakNew.statusCode()).isEqualTo(422);
    assertThat(body(weakNew).path("errors").get(0).path("field").asText()).isEqualTo("new");
    assertThat(
            send(
                    "PUT",
                    "/api/v1/me/password",
                    me,
                    "{\"current\":\"" + PASSWORD + "\",\"new\":\"another-good-passphrase\"}")
                .statusCode())
        .isEqualTo(204);
    assertThat(send("GET", "/api/v1/me", me, null).statusCode()).isEqualTo(401);
    assertThat(
            send("GET", "/api/v1/me", basic("pw-user", "another-good-passphrase"), null)
                .statusCode())
        .isEqualTo(200);
  }

  private String hashOf(String username) {
    return jdbc.sql("select password_hash from access.app_user where username = :u")
        .param("u", username)
        .query(String.class)
        .single();
  }

  private int failuresOf(String username) {
    return jdbc.sql(
            """
            select coalesce((select f.failures from access.sign_in_failure f
                              where f.user_id = u.id), 0)
              from access.app_user u where u.username = :u
            """)
        .param("u", username)
        .query(Integer.class)
        .single();
  }

  // ------------------------------------------------------------------ lock-out

  @Test
  void repeatedFailuresDelayThenLockTheAccountWithoutSayingSo() throws Exception {
    users.createUser("lock-user", PASSWORD, false);
    clock.set(Instant.parse("2026-11-23T08:00:00Z"));
    String wrong = basic("lock-user", "a-wrong-password-1");
    String right = basic("lock-user", PASSWORD);
    for (int i = 0; i < 5; i++)
      assertThat(send("GET", "/api/v1/me", wrong, null).statusCode()).isEqualTo(401);
    // after five failures the account waits a second: even the right password is refused
    var waiting = send("GET", "/api/v1/me", right, null);
    assertThat(waiting.statusCode()).isEqualTo(401);
    var unknown = send("GET", "/api/v1/me", basic("nobody-at-all", PASSWORD), null);
    assertThat(waiting.body()).isEqualTo(unknown.body());
    assertThat(waiting.headers().allValues("WWW-Authenticate"))
        .isEqualTo(unknown.headers().allValues("WWW-Authenticate"));
    assertThat(failuresOf("lock-user")).isEqualTo(5); // refused attempts are not counted
    clock.advance(Duration.ofSeconds(2));
    assertThat(send("GET", "/api/v1/me", right, null).statusCode()).isEqualTo(200);
    assertThat(failuresOf("lock-user")).isZero(); // success resets

    // 100 failures within the hour (waiting out each delay) lock the account for an hour
    for (int i = 1; i <= 100; i++) {
      assertThat(send("GET", "/api/v1/me", wrong, null).statusCode()).isEqualTo(401);
      clock.advance(Duration.ofSeconds(31));
    }
    assertThat(failuresOf("lock-user")).isEqualTo(100);
    assertThat(lockEvents.events).extracting(AccountLocked::username).containsExactly("lock-user");
    var locked = send("GET", "/api/v1/me", right, null);
    assertThat(locked.statusCode()).isEqualTo(401);
    assertThat(locked.body()).isEqualTo(unknown.body());
    clock.advance(Duration.ofMinutes(58));
    assertThat(send("GET", "/api/v1/me", right, null).statusCode()).isEqualTo(401);
    assertThat(failuresOf("lock-user")).isEqualTo(100);
    clock.advance(Duration.ofMinutes(2));
    assertThat(send("GET", "/api/v1/me", right, null).statusCode()).isEqualTo(200);
    assertThat(failuresOf("lock-user")).isZero();
  }

  // ------------------------------------------------------------------ sessions

  @Test
  void formLoginSessionsEndAfterTwelveHoursAndOnLogout() throws Exception {
    users.createUser("session-user", PASSWORD, false);
    clock.set(Instant.now());
    var page = send("GET", "/sign-in", null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    String cookie = cookie(page);
    Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
    assertThat(csrf.find()).isTrue();
    var login =
        http.send(
            HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=session-user&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                            + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
    String session = "Cookie:" + cookie(login);
    assertThat(send("GET", "/api/v1/me", session, null).statusCode()).isEqualTo(200);
    // a browser session must send the CSRF token to the APIs too
    assertThat(
            send("PUT", "/api/v1/me/password", session, "{\"current\":\"x\",\"new\":\"y\"}")
                .statusCode())
        .isEqualTo(403);

    clock.advance(Duration.ofHours(11));
    assertThat(send("GET", "/api/v1/me", session, null).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(61));
    var expired = send("GET", "/api/v1/me", session, null);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(body(expired).path("code").asText()).isEqualTo("SESSION_EXPIRED");
    // the session is gone: asking again gets the same clear answer, not the data
    assertThat(body(send("GET", "/api/v1/me", session, null)).path("code").asText())
        .isEqualTo("SESSION_EXPIRED");
  }

  private static String cookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
  }

  // ------------------------------------------------------------------ API tokens

  @Test
  void apiTokensAreShownOnceStoredHashedScopedExpiringAndRevocable() throws Exception {
    geography.createOperation(new NewOperation("TK-X", "Token X", "CAF"));
    geography.createOperation(new NewOperation("TK-Y", "Token Y", "CAF"));
    String admin = basic("admin", ADMIN_PASSWORD);
    var created =
        send(
            "POST",
            "/api/v1/me/tokens",
            admin,
            "{\"name\":\"partner script\",\"operations\":[\"TK-X\"],"
                + "\"rights\":[\"READ_PUBLISHED\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    String token = body(created).path("token").asText();
    assertThat(token).matches("odt_[A-Za-z0-9_-]{43}");
    long id = body(created).path("info").path("id").asLong();

    // stored as its SHA-256 only; listed without the secret
    assertThat(
            jdbc.sql("select count(*) from access.api_token where token_hint like :t")
                .param("t", "%" + token.substring(8) + "%")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from access.api_token where token_hash = sha256(convert_to(:t,"
                        + " 'UTF8'))")
                .param("t", token)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    var list = send("GET", "/api/v1/me/tokens", admin, null);
    assertThat(list.body()).doesNotContain(token.substring(8));
    assertThat(body(list).get(0).path("active").asBoolean()).isTrue();

    // scoped to READ_PUBLISHED in TK-X: published figures of TK-X, nothing else, even though
    // its creator is a platform administrator
    String bearer = "Bearer " + token;
    var aggregates = send("GET", "/api/v1/operations/TK-X/aggregates", bearer, null);
    assertThat(aggregates.statusCode()).as(aggregates.body()).isNotIn(401, 403);
    assertThat(send("GET", "/api/v1/operations/TK-X/rounds", bearer, null).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/api/v1/operations/TK-X", bearer, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/operations/TK-Y/aggregates", bearer, null).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "/api/v1/operations",
                    bearer,
                    "{\"code\":\"TK-Z\",\"name\":\"Z\",\"countryIso3\":\"CAF\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/api/v1/users", bearer, null).statusCode()).isEqualTo(403);
    // a token cannot mint tokens nor change the password
    assertThat(
            send(
                    "POST",
                    "/api/v1/me/tokens",
                    bearer,
                    "{\"name\":\"x\",\"operations\":[\"TK-X\"],\"rights\":[\"READ_PUBLISHED\"]}")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send("PUT", "/api/v1/me/password", bearer, "{\"current\":\"x\",\"new\":\"y\"}")
                .statusCode())
        .isEqualTo(403);

    // a partner may only pass on rights it holds, in operations where it holds them
    users.createUser("tk-partner", PASSWORD, false);
    users.grant("tk-partner", "TK-X", OperationRole.PARTNER);
    var tooMuch =
        send(
            "POST",
            "/api/v1/me/tokens",
            basic("tk-partner", PASSWORD),
            "{\"name\":\"x\",\"operations\":[\"TK-X\",\"TK-Y\"],"
                + "\"rights\":[\"READ_PUBLISHED\",\"READ_ROUNDS\"]}");
    assertThat(tooMuch.statusCode()).isEqualTo(422);
    assertThat(body(tooMuch).path("errors")).hasSize(3); // ROUNDS in X, both in Y
    var partnerToken =
        send(
            "POST",
            "/api/v1/me/tokens",
            basic("tk-partner", PASSWORD),
            "{\"name\":\"ok\",\"operations\":[\"TK-X\"],\"rights\":[\"READ_PUBLISHED\"],"
                + "\"expiresAt\":\""
                + clock.instant().plus(Duration.ofDays(30))
                + "\"}");
    assertThat(partnerToken.statusCode()).isEqualTo(201);
    String partnerBearer = "Bearer " + body(partnerToken).path("token").asText();
    assertThat(send("GET", "/api/v1/operations/TK-X/aggregates", partnerBearer, null).statusCode())
        .isNotIn(401, 403);
    // the token follows its creator's rights: the role withdrawn, the token reads nothing
    users.setRoles("tk-partner", "TK-X", java.util.Set.of());
    assertThat(send("GET", "/api/v1/operations/TK-X/aggregates", partnerBearer, null).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "POST",
                    "/api/v1/me/tokens",
                    admin,
                    "{\"name\":\"forever\",\"operations\":[\"TK-X\"],\"rights\":[\"READ_PUBLISHED\"],"
                        + "\"expiresAt\":\"2099-01-01T00:00:00Z\"}")
                .statusCode())
        .isEqualTo(422);

    // revoked: 401 at once; expired: 401; other users cannot revoke it
    assertThat(
            send("DELETE", "/api/v1/me/tokens/" + id, basic("tk-partner", PASSWORD), null)
                .statusCode())
        .isEqualTo(404);
    assertThat(send("DELETE", "/api/v1/me/tokens/" + id, admin, null).statusCode()).isEqualTo(204);
    var revoked = send("GET", "/api/v1/operations/TK-X/aggregates", bearer, null);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(body(revoked).path("code").asText()).isEqualTo("UNAUTHENTICATED");
    users.grant("tk-partner", "TK-X", OperationRole.PARTNER);
    clock.advance(Duration.ofDays(31));
    assertThat(send("GET", "/api/v1/operations/TK-X/aggregates", partnerBearer, null).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/me", "Bearer odt_not-a-token", null).statusCode())
        .isEqualTo(401);
  }
}
