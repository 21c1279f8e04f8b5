package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Agreements signed by an organisation: they cover the operation's partners whose account names
 * that organisation (ignoring case and spacing), and nobody else; per-user agreements keep working;
 * only platform administrators and the data-protection officers of the account's operations name
 * its organisation.
 */
@TestPropertySource(properties = "opendtm.rate-limits.enabled=false")
class OrganisationAgreementIntegrationTest extends ApiTestSupport {

  private static final String OP = "ORG";
  private static final String OTHER = "ORG-OTHER";
  private static final String PASSWORD = "organisation-password-1";
  private static final String LOCATIONS = "/api/v1/operations/" + OP + "/geography/locations";

  @Autowired UserManagement users;
  @Autowired GeographyManagement geography;

  @BeforeEach
  void fixture() {
    if (users.exists("org-officer")) return;
    geography.createOperation(new NewOperation(OP, "Organisations", "CAF"));
    geography.createOperation(new NewOperation(OTHER, "Organisations elsewhere", "CAF"));
    users.createUser("org-officer", PASSWORD, false);
    users.grant("org-officer", OP, OperationRole.DATA_PROTECTION);
    users.createUser("org-manager", PASSWORD, false);
    users.grant("org-manager", OP, OperationRole.MANAGER);
    for (String partner : List.of("org-a1", "org-a2", "org-b", "org-none", "org-travel")) {
      users.createUser(partner, PASSWORD, false);
      users.grant(partner, OP, OperationRole.PARTNER);
    }
    users.grant("org-travel", OTHER, OperationRole.PARTNER);
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, PASSWORD);
  }

  private int setOrganisation(String by, String user, String organisation) {
    Map<String, String> body = new HashMap<>();
    body.put("organisation", organisation);
    return as(by)
        .exchange(
            url("/api/v1/users/" + user + "/organisation"),
            HttpMethod.PUT,
            new HttpEntity<>(body),
            JsonNode.class)
        .getStatusCode()
        .value();
  }

  private ResponseEntity<JsonNode> agree(Map<String, Object> party) {
    Map<String, Object> body = new HashMap<>(party);
    body.put("datasets", List.of("locations"));
    body.put("purpose", "Site planning with the cluster");
    body.put("startDate", LocalDate.now().minusDays(1).toString());
    body.put("endDate", LocalDate.now().plusDays(10).toString());
    return as("org-officer")
        .postForEntity(url("/api/v1/operations/" + OP + "/agreements"), body, JsonNode.class);
  }

  private int reads(String user) {
    return as(user).getForEntity(url(LOCATIONS), String.class).getStatusCode().value();
  }

  @Test
  void anOrganisationsAgreementCoversItsPartnersAndNobodyElse() {
    assertThat(setOrganisation("org-officer", "org-a1", "Shelter Cluster")).isEqualTo(200);
    assertThat(setOrganisation("org-officer", "org-a2", "  shelter   CLUSTER ")).isEqualTo(200);
    assertThat(setOrganisation("org-officer", "org-b", "Other NGO")).isEqualTo(200);
    assertThat(users.getUser("org-a2").organisation()).isEqualTo("shelter CLUSTER");
    for (String user : List.of("org-a1", "org-a2", "org-b", "org-none")) {
      assertThat(reads(user)).as(user).isEqualTo(403);
    }

    ResponseEntity<JsonNode> made = agree(Map.of("organisation", "Shelter Cluster"));
    assertThat(made.getStatusCode().value()).as(made.toString()).isEqualTo(201);
    assertThat(made.getBody().path("organisation").asText()).isEqualTo("Shelter Cluster");
    assertThat(made.getBody().path("partner").isNull()).isTrue();
    assertThat(reads("org-a1")).isEqualTo(200);
    assertThat(reads("org-a2")).isEqualTo(200);
    assertThat(reads("org-b")).isEqualTo(403);
    assertThat(reads("org-none")).isEqualTo(403);
    // the manager of the operation cannot move a partner into the organisation
    assertThat(setOrganisation("org-manager", "org-b", "Shelter Cluster")).isEqualTo(403);
    assertThat(reads("org-b")).isEqualTo(403);

    // leaving the organisation ends the cover at once
    assertThat(setOrganisation("org-officer", "org-a2", null)).isEqualTo(200);
    assertThat(reads("org-a2")).isEqualTo(403);

    // a per-user agreement still works beside it
    assertThat(agree(Map.of("partner", "org-none")).getStatusCode().value()).isEqualTo(201);
    assertThat(reads("org-none")).isEqualTo(200);

    long id = made.getBody().path("id").asLong();
    assertThat(
            as("org-officer")
                .exchange(
                    url("/api/v1/operations/" + OP + "/agreements/" + id),
                    HttpMethod.DELETE,
                    HttpEntity.EMPTY,
                    JsonNode.class)
                .getStatusCode()
                .value())
        .isEqualTo(200);
    assertThat(reads("org-a1")).isEqualTo(403);
  }

  @Test
  void anAgreementNamesExactlyOnePartyAndOnlyOfficersOfAllTheAccountsOperationsNameIt() {
    ResponseEntity<JsonNode> both =
        agree(Map.of("partner", "org-a1", "organisation", "Shelter Cluster"));
    assertThat(both.getStatusCode().value()).isEqualTo(422);
    assertThat(agree(Map.of()).getStatusCode().value()).isEqualTo(422);
    assertThat(agree(Map.of("organisation", "bad\u0007name")).getStatusCode().value())
        .isEqualTo(422);

    // org-travel is a partner elsewhere too: the officer of ORG alone may not name its employer
    assertThat(setOrganisation("org-officer", "org-travel", "Shelter Cluster")).isEqualTo(403);
    assertThat(setOrganisation("org-officer", "admin", "Shelter Cluster")).isEqualTo(403);
    assertThat(setOrganisation("org-a1", "org-a1", "Shelter Cluster")).isEqualTo(403);
    assertThat(
            admin()
                .exchange(
                    url("/api/v1/users/org-travel/organisation"),
                    HttpMethod.PUT,
                    new HttpEntity<>(Map.of("organisation", "Travel Agency")),
                    JsonNode.class)
                .getBody()
                .path("organisation")
                .asText())
        .isEqualTo("Travel Agency");
    assertThat(setOrganisation("org-officer", "org-a1", "x".repeat(201))).isEqualTo(422);
  }
}
