package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Microdata release on a file whose risk is computed by hand. 100 records, record i of sex M when i
 * is even (F otherwise) and age 20 + i mod 10, plus one man of 95: over (sex, age) the age fixes
 * the sex, so there are 10 classes of 10 and one of 1, k = 1 and global risk = 11 / 101 = 10.89 %.
 * Banding age by 10 leaves (M, 20-29) × 50, (F, 20-29) × 50, (M, 90-99) × 1: k = 1, risk = 3 / 101
 * = 2.97 %, still blocked by k. Suppressing the old man's age (a blank matches every man) gives
 * frequencies 51 for the 51 men and 50 for the women: k = 50, risk = (51/51 + 50/50) / 101 = 1.98
 * %.
 */
class MicrodataReleaseIntegrationTest extends ApiTestSupport {

  private static final String OP = "MD";
  private static final String PASSWORD = "microdata-password-1";

  @Autowired UserManagement users;
  @Autowired GeographyManagement geography;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void fixture() {
    if (users.exists("md-officer")) return;
    geography.createOperation(new NewOperation(OP, "Microdata", "CAF"));
    users.createUser("md-officer", PASSWORD, false);
    users.grant("md-officer", OP, OperationRole.DATA_PROTECTION);
    users.createUser("md-manager", PASSWORD, false);
    users.grant("md-manager", OP, OperationRole.MANAGER);
  }

  private static String file() {
    StringBuilder csv = new StringBuilder("id,sex,age,note\n");
    for (int i = 0; i < 100; i++) {
      csv.append("r")
          .append(i)
          .append(',')
          .append(i % 2 == 0 ? "M" : "F")
          .append(',')
          .append(20 + i % 10)
          .append(',')
          .append(i == 7 ? "=HYPERLINK(\"http://x\")" : "ok")
          .append('\n');
    }
    csv.append("r100,M,95,old\n");
    return csv.toString();
  }

  private ResponseEntity<String> post(String user, String what, String... options) {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add(
        "file",
        new ByteArrayResource(file().getBytes(StandardCharsets.UTF_8)) {
          @Override
          public String getFilename() {
            return "records.csv";
          }
        });
    form.add("quasiIdentifiers", "sex, age");
    for (int i = 0; i < options.length; i += 2) form.add(options[i], options[i + 1]);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    TestRestTemplate client = anonymous.withBasicAuth(user, PASSWORD);
    return client.postForEntity(
        "/api/v1/operations/" + OP + "/microdata/" + what,
        new HttpEntity<>(form, headers),
        String.class);
  }

  private static JsonNode json(String body) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
  }

  @Test
  void theReportMatchesTheHandComputedRiskAtEveryStage() throws Exception {
    var response = post("md-officer", "assessments", "band", "age:10");
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    JsonNode report = json(response.getBody());
    assertThat(report.path("records").asInt()).isEqualTo(101);
    assertThat(report.path("original").path("k").asInt()).isEqualTo(1);
    assertThat(report.path("original").path("globalRisk").asDouble())
        .isCloseTo(11.0 / 101, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.path("original").path("releasable").asBoolean()).isFalse();
    assertThat(report.path("afterRecoding").path("k").asInt()).isEqualTo(1);
    assertThat(report.path("afterRecoding").path("globalRisk").asDouble())
        .isCloseTo(3.0 / 101, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.path("afterRecoding").path("reasons").toString())
        .contains("k = 1 is below 3")
        .doesNotContain("global risk");
    assertThat(report.path("valuesSuppressed").asInt()).isEqualTo(1);
    assertThat(report.path("suppressedByColumn").path("age").asInt()).isEqualTo(1);
    assertThat(report.path("afterProtection").path("k").asInt()).isEqualTo(50);
    assertThat(report.path("afterProtection").path("globalRisk").asDouble())
        .isCloseTo(2.0 / 101, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(report.path("blocked").asBoolean()).isFalse();
  }

  @Test
  void withoutRecodingOrSuppressionTheReleaseIsRefusedNamingWhatFails() throws Exception {
    var assessed = json(post("md-officer", "assessments", "suppress", "false").getBody());
    assertThat(assessed.path("blocked").asBoolean()).isTrue();
    assertThat(assessed.path("suggestions").toString()).contains("band age");

    var refused = post("md-officer", "releases", "suppress", "false");
    assertThat(refused.getStatusCode().value()).isEqualTo(422);
    assertThat(refused.getBody()).contains("k = 1 is below 3").contains("10.89 %");
  }

  @Test
  void theReleasedFileIsRecodedSuppressedAndSpreadsheetSafeAndTheAuditHoldsNoValues() {
    var released = post("md-officer", "releases", "band", "age:10");
    assertThat(released.getStatusCode().value()).isEqualTo(200);
    List<String> lines = released.getBody().lines().toList();
    assertThat(lines).hasSize(102);
    assertThat(lines.get(0)).isEqualTo("id,sex,age,note");
    assertThat(lines.get(1)).isEqualTo("r0,M,20-29,ok");
    assertThat(lines.get(8)).startsWith("r7,F,20-29,\"'=HYPERLINK");
    assertThat(lines.get(101)).isEqualTo("r100,M,,old");

    String audit =
        jdbc.sql(
                "select details::text from access.audit_event where action = 'microdata.release'"
                    + " and outcome = 'SUCCESS' order by id desc limit 1")
            .query(String.class)
            .single();
    assertThat(audit).contains("\"records\": 101").contains("sex").doesNotContain("HYPERLINK");
    assertThat(audit).doesNotContain("20-29").doesNotContain("r100");
  }

  @Test
  void badOptionsAreListedAndOnlyTheOfficerMayRelease() {
    var bad = post("md-officer", "assessments", "band", "note:x", "topCode", "id:3");
    assertThat(bad.getStatusCode().value()).isEqualTo(422);
    assertThat(bad.getBody()).contains("note:x").doesNotContain("id is not");
    var notQuasi = post("md-officer", "assessments", "topCode", "id:3");
    assertThat(notQuasi.getStatusCode().value()).isEqualTo(422);
    assertThat(notQuasi.getBody()).contains("id is not a quasi-identifier");
    assertThat(post("md-manager", "releases", "band", "age:10").getStatusCode().value())
        .isEqualTo(403);
  }
}
