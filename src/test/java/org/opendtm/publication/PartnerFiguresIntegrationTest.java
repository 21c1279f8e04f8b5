package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Signed-in reads of published figures by role: the operation's staff see every count, a partner
 * sees what the public DTM API shows (the small cell of 6 IDPs in 2 households and its complement
 * hidden, no households, IDPs only, no finer than admin 2), a partner under an agreement covering
 * {@code full-figures} sees everything again (audited), and an API token that lacks the right sees
 * the public view whoever made it. Every signed-in path a partner can call is checked: the
 * aggregates, a revision's aggregates, revisions, time series, the dashboard and its downloads.
 */
@TestPropertySource(properties = "opendtm.rate-limits.enabled=false")
class PartnerFiguresIntegrationTest extends PublicationTestSupport {

  private static final String OP = "PFG";
  private static final String PASSWORD = "partner-figures-password-1";

  @Autowired UserManagement users;

  @BeforeEach
  void fixture() {
    if (users.exists("pfg-officer")) return;
    PublicationTestData data =
        PublicationTestData.operation(jdbc, OP, "Partner figures", "XPF", "Partneria", 2)
            .unit(0, "XPF", "Partneria", null)
            .unit(1, "PFG-A", "Alpha", "XPF")
            .unit(2, "PFG-A1", "Alpha One", "PFG-A")
            .unit(2, "PFG-A2", "Alpha Two", "PFG-A")
            .unit(2, "PFG-A3", "Alpha Three", "PFG-A");
    long round = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(data.assessment(round, "BA", "PFG-A1"), "IDP", "Conflict", null, 100, 500, 250, 250)
        .figure(data.assessment(round, "BA", "PFG-A2"), "IDP", "Conflict", null, 2, 6, 3, 3)
        .figure(data.assessment(round, "BA", "PFG-A3"), "IDP", "Conflict", null, 20, 80, 40, 40)
        .figure(
            data.assessment(round, "BA", "PFG-A1"), "RETURNEE", "Conflict", null, 30, 120, 60, 60);
    publish(data, round);

    users.createUser("pfg-officer", PASSWORD, false);
    users.grant("pfg-officer", OP, OperationRole.REVIEWER);
    users.createUser("pfg-partner", PASSWORD, false);
    users.grant("pfg-partner", OP, OperationRole.PARTNER);
    users.createUser("pfg-agreed", PASSWORD, false);
    users.grant("pfg-agreed", OP, OperationRole.PARTNER);
    ResponseEntity<JsonNode> agreement =
        admin()
            .postForEntity(
                url("/api/v1/operations/" + OP + "/agreements"),
                Map.of(
                    "partner", "pfg-agreed",
                    "datasets", List.of("full-figures"),
                    "purpose", "Shelter planning with the full counts",
                    "startDate", LocalDate.now().minusDays(1).toString(),
                    "endDate", LocalDate.now().plusDays(30).toString()),
                JsonNode.class);
    assertThat(agreement.getStatusCode().value()).as(agreement.toString()).isEqualTo(201);
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, PASSWORD);
  }

  private JsonNode get(TestRestTemplate client, String path) {
    ResponseEntity<JsonNode> response = client.getForEntity(url(path), JsonNode.class);
    assertThat(response.getStatusCode().value()).as(path + " " + response).isEqualTo(200);
    return response.getBody();
  }

  /** admin-2 P-code -> its IDP row of the aggregates at admin 2. */
  private Map<String, JsonNode> admin2(TestRestTemplate client, String path) {
    Map<String, JsonNode> rows = new HashMap<>();
    for (JsonNode row : get(client, path)) {
      if (row.path("populationGroup").asText().equals("IDP"))
        rows.put(row.path("pcode").asText(), row);
    }
    return rows;
  }

  private static final String AGGREGATES = "/api/v1/operations/" + OP + "/aggregates?adminLevel=2";
  private static final String REVISION_AGGREGATES =
      "/api/v1/operations/" + OP + "/published-rounds/1/revisions/1/aggregates?adminLevel=2";

  @Test
  void theOfficerSeesTheSmallCellAndThePartnerDoesNot() {
    for (String path : List.of(AGGREGATES, REVISION_AGGREGATES, AGGREGATES + "&by=reason")) {
      Map<String, JsonNode> officer = admin2(as("pfg-officer"), path);
      assertThat(officer.get("PFG-A2").path("individuals").asLong()).as(path).isEqualTo(6);
      assertThat(officer.get("PFG-A2").path("households").asLong()).as(path).isEqualTo(2);

      Map<String, JsonNode> partner = admin2(as("pfg-partner"), path);
      assertThat(partner).as(path).containsOnlyKeys("PFG-A1", "PFG-A2", "PFG-A3");
      // primary (6 individuals in 2 households) and its smallest complement (80), as in the API
      assertThat(partner.get("PFG-A2").path("individuals").isNull()).as(path).isTrue();
      assertThat(partner.get("PFG-A2").path("males").isNull()).as(path).isTrue();
      assertThat(partner.get("PFG-A3").path("individuals").isNull()).as(path).isTrue();
      assertThat(partner.get("PFG-A1").path("individuals").asLong()).as(path).isEqualTo(500);
      // households and place counts are not in the public table: never shown
      assertThat(partner.get("PFG-A1").path("households").isNull()).as(path).isTrue();
      assertThat(partner.get("PFG-A1").path("places").isNull()).as(path).isTrue();

      Map<String, JsonNode> agreed = admin2(as("pfg-agreed"), path);
      assertThat(agreed.get("PFG-A2").path("individuals").asLong()).as(path).isEqualTo(6);
    }
  }

  @Test
  void thePartnerSeesIdpsOnlyAndTheTotalsTheApiShows() {
    JsonNode all = get(as("pfg-partner"), "/api/v1/operations/" + OP + "/aggregates");
    assertThat(all.findValuesAsText("populationGroup")).isNotEmpty().containsOnly("IDP");
    assertThat(all.findValuesAsText("adminLevel")).containsOnly("0", "1", "2");
    JsonNode admin1 =
        get(as("pfg-partner"), "/api/v1/operations/" + OP + "/aggregates?adminLevel=1").get(0);
    assertThat(admin1.path("individuals").asLong()).isEqualTo(586);
    // the officer also sees the returnees
    assertThat(
            get(as("pfg-officer"), "/api/v1/operations/" + OP + "/aggregates?group=RETURNEE")
                .size())
        .isPositive();

    for (String refused :
        List.of(
            "/aggregates?group=RETURNEE",
            "/aggregates?adminLevel=3",
            "/aggregates?adminLevel=1&geography=current",
            "/timeseries?group=RETURNEE")) {
      ResponseEntity<JsonNode> answer =
          as("pfg-partner").getForEntity(url("/api/v1/operations/" + OP + refused), JsonNode.class);
      assertThat(answer.getStatusCode().value()).as(refused).isEqualTo(403);
      assertThat(answer.getBody().path("code").asText())
          .as(refused)
          .isEqualTo("FULL_FIGURES_REQUIRED");
    }
  }

  @Test
  void timeSeriesAndRevisionsHideWhatThePublicTableHides() {
    String series = "/api/v1/operations/" + OP + "/timeseries?pcode=PFG-A2";
    assertThat(get(as("pfg-officer"), series).get(0).path("individuals").asLong()).isEqualTo(6);
    JsonNode partnerPoint = get(as("pfg-partner"), series).get(0);
    assertThat(partnerPoint.path("individuals").isNull()).isTrue();
    assertThat(partnerPoint.path("households").isNull()).isTrue();
    JsonNode national = get(as("pfg-partner"), "/api/v1/operations/" + OP + "/timeseries").get(0);
    assertThat(national.path("individuals").asLong()).isEqualTo(586);

    String revisions = "/api/v1/operations/" + OP + "/published-rounds/1/revisions";
    assertThat(get(as("pfg-officer"), revisions).get(0).path("changes").has("totals")).isTrue();
    JsonNode partnerRevision = get(as("pfg-partner"), revisions).get(0);
    assertThat(partnerRevision.path("current").asBoolean()).isTrue();
    assertThat(partnerRevision.path("changes").has("totals")).isFalse();
    assertThat(partnerRevision.path("changes").has("units")).isFalse();
  }

  @Test
  void theDashboardAndItsDownloadsFollowTheSameRule() {
    String page = "/app/operations/" + OP + "?level=2";
    String officer = as("pfg-officer").getForObject(url(page), String.class);
    assertThat(officer).contains("\"pcode\":\"PFG-A2\"").doesNotContain("id=\"partner-notice\"");
    String partner = as("pfg-partner").getForObject(url(page), String.class);
    assertThat(partner).contains("id=\"partner-notice\"");
    // the hidden cells are left out of the partner's table and map data
    assertThat(partner).doesNotContain("\"pcode\":\"PFG-A2\"").contains("\"pcode\":\"PFG-A1\"");

    String csv = "/app/operations/" + OP + "/table.csv?level=2";
    String officerCsv = as("pfg-officer").getForObject(url(csv), String.class);
    assertThat(officerCsv.lines().filter(l -> l.contains("PFG-A2")).findFirst().orElseThrow())
        .contains(",6,");
    String partnerCsv = as("pfg-partner").getForObject(url(csv), String.class);
    assertThat(partnerCsv).contains("PFG-A1").doesNotContain("PFG-A2").doesNotContain("PFG-A3");
    ResponseEntity<byte[]> xlsx =
        as("pfg-partner")
            .getForEntity(url("/app/operations/" + OP + "/table.xlsx?level=2"), byte[].class);
    assertThat(xlsx.getStatusCode().value()).isEqualTo(200);

    assertThat(as("pfg-partner").getForObject(url("/app"), String.class))
        .contains("Partner figures");
  }

  @Test
  void anAgreementsFullReadIsAuditedAndATokenWithoutTheRightSeesThePublicView() {
    long before = sharingReads();
    admin2(as("pfg-agreed"), AGGREGATES);
    assertThat(sharingReads()).isGreaterThan(before);

    JsonNode created =
        as("pfg-officer")
            .postForObject(
                url("/api/v1/me/tokens"),
                Map.of(
                    "name",
                    "script",
                    "operations",
                    List.of(OP),
                    "rights",
                    List.of("READ_PUBLISHED")),
                JsonNode.class);
    String token = created.path("token").asText();
    assertThat(token).startsWith("odt_");
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setBearerAuth(token);
    JsonNode rows =
        anonymous
            .exchange(
                url(AGGREGATES),
                org.springframework.http.HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers),
                JsonNode.class)
            .getBody();
    JsonNode a2 = null;
    for (JsonNode row : rows) if (row.path("pcode").asText().equals("PFG-A2")) a2 = row;
    // the officer's own token, scoped to READ_PUBLISHED only: the public view
    assertThat(a2).isNotNull();
    assertThat(a2.path("individuals").isNull()).isTrue();
  }

  private long sharingReads() {
    return jdbc.sql(
            """
            select count(*) from access.audit_event
             where action = 'sharing.read' and actor = 'pfg-agreed'
               and details->>'right' = 'READ_FULL_FIGURES'
            """)
        .query(Long.class)
        .single();
  }
}
