package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log over HTTP: what is recorded (sign-ins, failed sign-ins, writes, public downloads,
 * changes of rights, reads of the log itself), what never is (bodies, passwords), who may read
 * which events, the CSV export, and the database's refusal to rewrite the log.
 */
class AuditLogIntegrationTest extends ApiTestSupport {

  private static final String PASSWORD = "audit-password-12";

  @Autowired JdbcClient jdbc;
  @Autowired GeographyManagement geography;
  @Autowired UserManagement users;

  @BeforeEach
  void fixture() {
    if (users.exists("au-dpo")) return;
    geography.createOperation(new NewOperation("AU", "Audited", "CAF"));
    geography.createOperation(new NewOperation("AU-OTHER", "Audited elsewhere", "CAF"));
    users.createUser("au-dpo", PASSWORD, false);
    users.grant("au-dpo", "AU", OperationRole.DATA_PROTECTION);
    users.createUser("au-manager", PASSWORD, false);
    users.grant("au-manager", "AU", OperationRole.MANAGER);
    users.createUser("au-partner", PASSWORD, false);
    users.grant("au-partner", "AU", OperationRole.PARTNER);
    users.createUser("other-dpo", PASSWORD, false);
    users.grant("other-dpo", "AU-OTHER", OperationRole.DATA_PROTECTION);
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, PASSWORD);
  }

  private List<Map<String, Object>> events(String action) {
    return jdbc.sql(
            """
            select actor, actor_kind, operation_code, target, outcome, details::text as details,
                   coalesce(user_agent, '') as user_agent
              from access.audit_event where action = :action order by id
            """)
        .param("action", action)
        .query()
        .listOfRows();
  }

  private String wholeLog() {
    return String.join(
        "\n",
        jdbc.sql(
                "select concat_ws('|', actor, action, target, details::text) from access.audit_event")
            .query(String.class)
            .list());
  }

  @Test
  void theDatabaseRefusesToRewriteTheLog() {
    assertThat(jdbc.sql("select count(*) from access.audit_event").query(Long.class).single())
        .isPositive();
    assertThatThrownBy(() -> jdbc.sql("update access.audit_event set actor = 'nobody'").update())
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("delete from access.audit_event").update())
        .hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("truncate access.audit_event").update())
        .hasStackTraceContaining("append-only");
    // inserting stays possible: the log grows, never shrinks
    jdbc.sql(
            "insert into access.audit_event (actor, actor_kind, action, outcome)"
                + " values ('test', 'system', 'test.insert', 'SUCCESS')")
        .update();
  }

  @Test
  void signInsAndFailedSignInsAreRecordedWithoutThePassword() {
    assertThat(as("au-manager").getForEntity(url("/api/v1/me"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            anonymous
                .withBasicAuth("au-manager", "Wrong-Secret-Guess-99")
                .getForEntity(url("/api/v1/me"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(events("sign-in.success"))
        .anySatisfy(e -> assertThat(e).containsEntry("actor", "au-manager"));
    assertThat(events("sign-in.failure"))
        .anySatisfy(
            e -> {
              assertThat(e)
                  .containsEntry("actor", "au-manager")
                  .containsEntry("outcome", "FAILURE");
              assertThat((String) e.get("details")).contains("BadCredentialsException");
            });
    // a password typed into the user-name field is not kept either
    anonymous.withBasicAuth("p@ss word!", "x").getForEntity(url("/api/v1/me"), String.class);
    assertThat(wholeLog()).doesNotContain("Wrong-Secret-Guess-99", "p@ss word!", PASSWORD);
  }

  @Test
  void writesAreRecordedByPatternAndStatusNeverWithTheirBody() {
    var granted =
        as("au-manager")
            .exchange(
                url("/api/v1/operations/AU/members/au-partner"),
                HttpMethod.PUT,
                new HttpEntity<>(Map.of("roles", List.of("PARTNER", "REVIEWER"))),
                String.class);
    assertThat(granted.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(events("api.write"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "au-manager")
                    .containsEntry("operation_code", "AU")
                    .containsEntry(
                        "target", "PUT /api/v1/operations/{operation}/members/{username}")
                    .containsEntry("outcome", "SUCCESS"));
    // the change of rights itself: one event per role granted, by whom, in which operation
    assertThat(events("role.grant"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "au-manager")
                    .containsEntry("operation_code", "AU")
                    .containsEntry("target", "au-partner")
                    .containsEntry("details", "{\"role\": \"REVIEWER\"}"));
    as("au-manager")
        .exchange(
            url("/api/v1/operations/AU/members/au-partner"),
            HttpMethod.PUT,
            new HttpEntity<>(Map.of("roles", List.of("PARTNER"))),
            String.class);
    assertThat(events("role.revoke"))
        .anySatisfy(e -> assertThat(e).containsEntry("details", "{\"role\": \"REVIEWER\"}"));

    // a refused write is recorded as refused, a failed one as failed (though nothing was stored)
    var refused =
        as("au-partner")
            .exchange(
                url("/api/v1/operations/AU/members/au-partner"),
                HttpMethod.PUT,
                new HttpEntity<>(Map.of("roles", List.of("MANAGER"))),
                String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(events("api.write"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "au-partner")
                    .containsEntry("outcome", "DENIED"));
    var created =
        as("au-manager")
            .postForEntity(
                url("/api/v1/users"),
                Map.of("username", "au-newcomer", "password", "Body-Secret-Value-42"),
                String.class);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    var weak =
        as("au-manager")
            .postForEntity(
                url("/api/v1/users"),
                Map.of("username", "au-weak", "password", "too-short"),
                String.class);
    assertThat(weak.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(events("api.write"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("target", "POST /api/v1/users")
                    .containsEntry("outcome", "FAILURE")
                    .containsEntry("details", "{\"status\": 422}"));
    assertThat(events("account.create"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "au-manager")
                    .containsEntry("target", "au-newcomer"));
    assertThat(wholeLog()).doesNotContain("Body-Secret-Value-42", "too-short");
  }

  @Test
  void readsOfAnOperationsDataAreRecorded() {
    assertThat(
            as("au-dpo")
                .getForEntity(url("/api/v1/operations/AU/members"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(events("api.read"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "au-dpo")
                    .containsEntry("operation_code", "AU")
                    .containsEntry("target", "GET /api/v1/operations/{operation}/members")
                    .containsEntry("outcome", "SUCCESS"));
  }

  @Autowired org.opendtm.access.internal.audit.PublicApiReadCounter publicReads;

  @Test
  void publicApiReadsAreCountedPerQueryCachedOrNot() {
    for (int i = 0; i < 3; i++) {
      var answer =
          anonymous.getForEntity(
              url("/dtm/v3/displacement/country-list?Admin0Pcode=ZZZ"), String.class);
      assertThat(answer.getStatusCode().is2xxSuccessful()).isTrue();
    }
    publicReads.flush();
    assertThat(events("public.read"))
        .anySatisfy(
            e -> {
              assertThat(e)
                  .containsEntry("actor_kind", "anonymous")
                  .containsEntry("target", "GET /dtm/v3/displacement/country-list?Admin0Pcode=ZZZ");
              assertThat((String) e.get("details")).contains("\"requests\": 3");
            });
  }

  @Test
  void officersSearchTheirOperationsEventsOnlyAndTheirSearchesAreRecorded() {
    // an event in each operation
    as("au-manager")
        .exchange(
            url("/api/v1/operations/AU/members/au-partner"),
            HttpMethod.PUT,
            new HttpEntity<>(Map.of("roles", List.of("PARTNER"))),
            String.class);
    users.grant("au-partner", "AU-OTHER", OperationRole.PARTNER);

    JsonNode mine =
        as("au-dpo").getForObject(url("/api/v1/audit?action=role.&size=500"), JsonNode.class);
    List<String> operations = new ArrayList<>();
    mine.path("items").forEach(e -> operations.add(e.path("operationCode").asText()));
    assertThat(operations).isNotEmpty().containsOnly("AU");
    assertThat(mine.path("total").asLong()).isEqualTo(operations.size());

    JsonNode all = admin().getForObject(url("/api/v1/audit?action=role.&size=500"), JsonNode.class);
    List<String> everywhere = new ArrayList<>();
    all.path("items").forEach(e -> everywhere.add(e.path("operationCode").asText()));
    assertThat(everywhere).contains("AU", "AU-OTHER");
    // sign-ins belong to no operation: platform admins only
    assertThat(
            admin()
                .getForObject(url("/api/v1/audit?action=sign-in.success"), JsonNode.class)
                .path("total")
                .asLong())
        .isPositive();
    assertThat(
            as("au-dpo")
                .getForObject(url("/api/v1/audit?action=sign-in"), JsonNode.class)
                .path("total")
                .asLong())
        .isZero();

    // filters
    JsonNode byActor =
        admin()
            .getForObject(
                url("/api/v1/audit?actor=au-manager&operation=AU&outcome=success&from=2000-01-01"),
                JsonNode.class);
    byActor
        .path("items")
        .forEach(
            e -> {
              assertThat(e.path("actor").asText()).isEqualTo("au-manager");
              assertThat(e.path("operationCode").asText()).isEqualTo("AU");
              assertThat(e.path("outcome").asText()).isEqualTo("SUCCESS");
            });
    assertThat(byActor.path("items")).isNotEmpty();
    assertThat(
            admin()
                .getForObject(url("/api/v1/audit?to=2000-01-01"), JsonNode.class)
                .path("total")
                .asLong())
        .isZero();
    ResponseEntity<JsonNode> bad =
        admin().getForEntity(url("/api/v1/audit?from=yesterday&outcome=maybe"), JsonNode.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(bad.getBody().path("errors")).hasSize(2);

    // another operation's log: refused, and the refusal is itself recorded
    assertThat(
            as("au-dpo")
                .getForEntity(url("/api/v1/audit?operation=AU-OTHER"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(events("audit.search"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("actor", "au-dpo")
                    .containsEntry("operation_code", "AU-OTHER")
                    .containsEntry("outcome", "DENIED"))
        .anySatisfy(
            e ->
                assertThat(e).containsEntry("actor", "au-dpo").containsEntry("outcome", "SUCCESS"));
    JsonNode others = as("other-dpo").getForObject(url("/api/v1/audit?size=500"), JsonNode.class);
    others
        .path("items")
        .forEach(e -> assertThat(e.path("operationCode").asText()).isEqualTo("AU-OTHER"));

    // no data-protection role, no audit log
    for (String user : List.of("au-manager", "au-partner")) {
      assertThat(as(user).getForEntity(url("/api/v1/audit"), String.class).getStatusCode())
          .as(user)
          .isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(as(user).getForEntity(url("/api/v1/audit.csv"), String.class).getStatusCode())
          .as(user)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(anonymous.getForEntity(url("/api/v1/audit"), String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theCsvExportIsSpreadsheetSafeAndRecorded() throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.set("User-Agent", "=HYPERLINK(\"http://evil.example\")");
    as("au-manager")
        .exchange(
            url("/api/v1/operations/AU/members/au-partner"),
            HttpMethod.PUT,
            new HttpEntity<>(Map.of("roles", List.of("PARTNER")), headers),
            String.class);
    users.createUser("@au-at-sign", PASSWORD, false);

    ResponseEntity<String> csv = admin().getForEntity(url("/api/v1/audit.csv"), String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    List<CSVRecord> rows =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .get()
            .parse(new StringReader(csv.getBody()))
            .getRecords();
    assertThat(rows).isNotEmpty();
    for (CSVRecord row : rows) {
      for (String cell : row.values()) {
        assertThat(cell)
            .as("cell %s of row %s", cell, row)
            .doesNotStartWith("=")
            .doesNotStartWith("@");
      }
    }
    assertThat(rows)
        .anySatisfy(
            r -> assertThat(r.get("userAgent")).isEqualTo("'=HYPERLINK(\"http://evil.example\")"));
    assertThat(rows).anySatisfy(r -> assertThat(r.get("target")).isEqualTo("'@au-at-sign"));

    // the export is recorded, with the number of rows, and the DPO's export is scoped
    assertThat(events("audit.export"))
        .anySatisfy(
            e -> assertThat(e).containsEntry("actor", "admin").containsEntry("outcome", "SUCCESS"));
    String officers = as("au-dpo").getForObject(url("/api/v1/audit.csv"), String.class);
    List<CSVRecord> scoped =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .get()
            .parse(new StringReader(officers))
            .getRecords();
    assertThat(scoped).isNotEmpty().allSatisfy(r -> assertThat(r.get("operation")).isEqualTo("AU"));
  }
}
