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
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Disabling an account: it can no longer sign in (form, Basic), its browser session ends at its
 * next request, its API tokens stop working; enabling lets it sign in again without reviving the
 * old session or tokens. Managers reach only the accounts of their own operations. Audited.
 */
@TestPropertySource(properties = "opendtm.rate-limits.enabled=false")
class AccountDisablingIntegrationTest extends ApiTestSupport {

  private static final String OP = "DIS";
  private static final String OTHER = "DIS-OTHER";
  private static final String PASSWORD = "disabling-password-1";

  @Autowired UserManagement users;
  @Autowired GeographyManagement geography;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void fixture() {
    if (users.exists("dis-manager")) return;
    geography.createOperation(new NewOperation(OP, "Disabling", "CAF"));
    geography.createOperation(new NewOperation(OTHER, "Disabling elsewhere", "CAF"));
    users.createUser("dis-manager", PASSWORD, false);
    users.grant("dis-manager", OP, OperationRole.MANAGER);
    for (String partner : List.of("dis-partner", "dis-local", "dis-both", "dis-admin-off")) {
      users.createUser(partner, PASSWORD, false);
      users.grant(partner, OP, OperationRole.PARTNER);
    }
    users.grant("dis-both", OTHER, OperationRole.PARTNER);
  }

  private HttpResponse<String> send(String method, String path, String auth, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    if (auth != null) {
      String[] header = auth.split(":", 2);
      request.header(header[0], header[1]);
    }
    if (body != null) request.header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Authorization:Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static final String ADMIN = basic("admin", ADMIN_PASSWORD);

  private JsonNode body(HttpResponse<String> response) throws Exception {
    return json.readTree(response.body());
  }

  /** Signs in with the form; returns the session's cookie header, or null when refused. */
  private String signIn(String user) throws Exception {
    var page = send("GET", "/sign-in", null, null);
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
                        "username="
                            + user
                            + "&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                            + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    if (login.headers().firstValue("Location").orElseThrow().contains("error")) return null;
    return "Cookie:" + cookie(login);
  }

  private static String cookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("JSESSIONID="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
  }

  private long audited(String action, String target, String outcome) {
    return jdbc.sql(
            """
            select count(*) from access.audit_event
             where action = :action and target = :target and outcome = :outcome
            """)
        .param("action", action)
        .param("target", target)
        .param("outcome", outcome)
        .query(Long.class)
        .single();
  }

  @Test
  void aDisabledAccountLosesItsSessionItsTokensAndItsSignIn() throws Exception {
    String session = signIn("dis-partner");
    assertThat(session).isNotNull();
    // a second browser, idle from before the account is disabled until after it is enabled again
    String idle = signIn("dis-partner");
    assertThat(send("GET", "/api/v1/me", session, null).statusCode()).isEqualTo(200);
    String created =
        body(send(
                "POST",
                "/api/v1/me/tokens",
                basic("dis-partner", PASSWORD),
                "{\"name\":\"script\",\"operations\":[\"DIS\"],\"rights\":[\"READ_PUBLISHED\"]}"))
            .path("token")
            .asText();
    String token = "Authorization:Bearer " + created;
    assertThat(send("GET", "/api/v1/me", token, null).statusCode()).isEqualTo(200);

    var disabled =
        send("POST", "/api/v1/users/dis-partner/disable", ADMIN, "{\"reason\":\"left the team\"}");
    assertThat(disabled.statusCode()).isEqualTo(200);
    assertThat(body(disabled).path("enabled").asBoolean(true)).isFalse();

    var ended = send("GET", "/api/v1/me", session, null);
    assertThat(ended.statusCode()).isEqualTo(401);
    assertThat(body(ended).path("code").asText()).isEqualTo("SESSION_EXPIRED");
    // a page of the web application sends the browser to the sign-in page
    var page = send("GET", "/app", session, null);
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).contains("/sign-in");
    assertThat(send("GET", "/api/v1/me", token, null).statusCode()).isEqualTo(401);
    var basic = send("GET", "/api/v1/me", basic("dis-partner", PASSWORD), null);
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(body(basic).path("code").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(signIn("dis-partner")).isNull();

    assertThat(audited("account.disable", "dis-partner", "SUCCESS")).isEqualTo(1);
    JsonNode details =
        json.readTree(
            jdbc.sql(
                    """
                    select details::text from access.audit_event
                     where action = 'account.disable' and target = 'dis-partner'
                    """)
                .query(String.class)
                .single());
    assertThat(details.path("tokensRevoked").asInt()).isEqualTo(1);
    assertThat(details.path("reason").asText()).isEqualTo("left the team");

    var enabled = send("POST", "/api/v1/users/dis-partner/enable", ADMIN, null);
    assertThat(enabled.statusCode()).isEqualTo(200);
    assertThat(body(enabled).path("enabled").asBoolean()).isTrue();
    assertThat(send("GET", "/api/v1/me", basic("dis-partner", PASSWORD), null).statusCode())
        .isEqualTo(200);
    // the old sessions and token stay void; a new sign-in works
    assertThat(send("GET", "/api/v1/me", session, null).statusCode()).isEqualTo(401);
    var idleAnswer = send("GET", "/api/v1/me", idle, null);
    assertThat(idleAnswer.statusCode()).isEqualTo(401);
    assertThat(body(idleAnswer).path("code").asText()).isEqualTo("SESSION_EXPIRED");
    assertThat(send("GET", "/api/v1/me", token, null).statusCode()).isEqualTo(401);
    String again = signIn("dis-partner");
    assertThat(again).isNotNull();
    assertThat(send("GET", "/api/v1/me", again, null).statusCode()).isEqualTo(200);
    assertThat(audited("account.enable", "dis-partner", "SUCCESS")).isEqualTo(1);
  }

  @Test
  void managersReachOnlyTheAccountsOfTheirOwnOperations() throws Exception {
    String manager = basic("dis-manager", PASSWORD);
    assertThat(send("POST", "/api/v1/users/dis-local/disable", manager, null).statusCode())
        .isEqualTo(200);
    assertThat(users.getUser("dis-local").enabled()).isFalse();
    assertThat(send("POST", "/api/v1/users/dis-local/enable", manager, null).statusCode())
        .isEqualTo(200);
    assertThat(users.getUser("dis-local").enabled()).isTrue();

    // a partner of another operation too, a platform admin, one's own account
    assertThat(send("POST", "/api/v1/users/dis-both/disable", manager, null).statusCode())
        .isEqualTo(403);
    assertThat(users.getUser("dis-both").enabled()).isTrue();
    assertThat(audited("account.disable", "dis-both", "DENIED")).isEqualTo(1);
    assertThat(send("POST", "/api/v1/users/admin/disable", manager, null).statusCode())
        .isEqualTo(403);
    assertThat(send("POST", "/api/v1/users/dis-manager/disable", manager, null).statusCode())
        .isEqualTo(422);
    assertThat(send("POST", "/api/v1/users/admin/disable", ADMIN, null).statusCode())
        .isEqualTo(422);
    assertThat(send("POST", "/api/v1/users/nobody-here/disable", ADMIN, null).statusCode())
        .isEqualTo(404);

    // what a platform administrator disabled, only a platform administrator enables
    assertThat(send("POST", "/api/v1/users/dis-admin-off/disable", ADMIN, null).statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/api/v1/users/dis-admin-off/enable", manager, null).statusCode())
        .isEqualTo(403);
    assertThat(users.getUser("dis-admin-off").enabled()).isFalse();
    // partners manage no accounts at all
    assertThat(
            send("POST", "/api/v1/users/dis-local/disable", basic("dis-both", PASSWORD), null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            body(send("GET", "/api/v1/users", ADMIN, null)).findValues("enabled").stream()
                .map(JsonNode::asBoolean)
                .toList())
        .contains(false);
  }
}
