package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.support.MovableClock;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Sharing classes and data-sharing agreements over HTTP: a partner gains the read rights of the
 * datasets an active agreement covers, in that operation only, until the end date (moved by a test
 * clock) or a revocation; never-shareable datasets and over-long urgent-action agreements are
 * refused; everything is audited.
 */
@TestPropertySource(properties = "opendtm.rate-limits.enabled=false")
class SharingIntegrationTest extends ApiTestSupport {

  private static final String OP = "SH";
  private static final String OTHER = "SH-OTHER";
  private static final String PASSWORD = "sharing-password-1";

  @TestConfiguration
  static class Config {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  @Autowired MovableClock clock;
  @Autowired UserManagement users;
  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void fixture() {
    clock.set(Instant.now());
    if (users.exists("sh-officer")) return;
    geography.createOperation(new NewOperation(OP, "Sharing", "CAF"));
    geography.createOperation(new NewOperation(OTHER, "Sharing elsewhere", "CAF"));
    tracking.createRound(OP, 1, LocalDate.of(2024, 3, 31));
    tracking.createRound(OTHER, 1, LocalDate.of(2024, 3, 31));
    users.createUser("sh-officer", PASSWORD, false);
    users.grant("sh-officer", OP, OperationRole.DATA_PROTECTION);
    users.createUser("sh-partner", PASSWORD, false);
    users.grant("sh-partner", OP, OperationRole.PARTNER);
    users.grant("sh-partner", OTHER, OperationRole.PARTNER);
    users.createUser("sh-reviewer", PASSWORD, false);
    users.grant("sh-reviewer", OP, OperationRole.REVIEWER);
    users.createUser("sh-outsider", PASSWORD, false);
    users.grant("sh-outsider", OTHER, OperationRole.PARTNER);
  }

  @AfterEach
  void resetClock() {
    clock.set(Instant.now());
  }

  private TestRestTemplate as(String user) {
    return anonymous.withBasicAuth(user, PASSWORD);
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  private ResponseEntity<JsonNode> agree(
      List<String> datasets, LocalDate start, LocalDate end, String partner) {
    return as("sh-officer")
        .postForEntity(
            "/api/v1/operations/" + OP + "/agreements",
            Map.of(
                "partner",
                partner,
                "datasets",
                datasets,
                "purpose",
                "Shelter response planning",
                "startDate",
                start.toString(),
                "endDate",
                end.toString()),
            JsonNode.class);
  }

  private int partnerReads(String path) {
    return as("sh-partner").getForEntity(path, String.class).getStatusCode().value();
  }

  private static final String LOCATIONS = "/api/v1/operations/" + OP + "/geography/locations";
  private static final String ASSESSMENTS = "/api/v1/operations/" + OP + "/rounds/1/assessments";

  private long audited(String action, String target) {
    return jdbc.sql("select count(*) from access.audit_event where action = :a and target = :t")
        .param("a", action)
        .param("t", target)
        .query(Long.class)
        .single();
  }

  @Test
  void anActiveAgreementGivesThePartnerTheReadRightUntilItsEndDate() {
    assertThat(partnerReads(LOCATIONS)).isEqualTo(403);

    var created = agree(List.of("locations"), today(), today().plusDays(1), "sh-partner");
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    long id = created.getBody().path("id").asLong();
    assertThat(created.getBody().path("status").asText()).isEqualTo("active");
    assertThat(audited("sharing.agreement.create", "agreement " + id)).isEqualTo(1);

    assertThat(partnerReads(LOCATIONS)).isEqualTo(200);
    assertThat(audited("sharing.read", "agreement " + id)).isEqualTo(1);
    // only the covered dataset, only in this operation
    assertThat(partnerReads(ASSESSMENTS)).isEqualTo(403);
    assertThat(partnerReads("/api/v1/operations/" + OTHER + "/geography/locations")).isEqualTo(403);
    // the rights the partner is told of include it
    var me = as("sh-partner").getForEntity("/api/v1/me", String.class);
    assertThat(me.getStatusCode().value()).isEqualTo(200);

    // the end date is exclusive: tomorrow it is over by itself
    clock.advance(Duration.ofDays(1));
    assertThat(partnerReads(LOCATIONS)).isEqualTo(403);
    var listed =
        as("sh-officer").getForEntity("/api/v1/operations/" + OP + "/agreements", JsonNode.class);
    JsonNode mine = null;
    for (JsonNode a : listed.getBody()) if (a.path("id").asLong() == id) mine = a;
    assertThat(mine.path("status").asText()).isEqualTo("ended");
  }

  @Test
  void aScheduledAgreementGivesNothingBeforeItsStartAndRevokingEndsItAtOnce() {
    var scheduled =
        agree(List.of("assessments"), today().plusDays(2), today().plusDays(5), "sh-partner");
    assertThat(scheduled.getBody().path("status").asText()).isEqualTo("scheduled");
    assertThat(partnerReads(ASSESSMENTS)).isEqualTo(403);
    clock.advance(Duration.ofDays(2));
    assertThat(partnerReads(ASSESSMENTS)).isEqualTo(200);
    // assessments carry the rounds with them
    assertThat(partnerReads("/api/v1/operations/" + OP + "/rounds/1")).isEqualTo(200);

    long id = scheduled.getBody().path("id").asLong();
    var revoked =
        as("sh-officer")
            .exchange(
                "/api/v1/operations/" + OP + "/agreements/" + id,
                HttpMethod.DELETE,
                HttpEntity.EMPTY,
                JsonNode.class);
    assertThat(revoked.getStatusCode().value()).isEqualTo(200);
    assertThat(revoked.getBody().path("status").asText()).isEqualTo("revoked");
    assertThat(partnerReads(ASSESSMENTS)).isEqualTo(403);
    assertThat(audited("sharing.agreement.revoke", "agreement " + id)).isEqualTo(1);
    // revoking twice: nothing in force any more
    assertThat(
            as("sh-officer")
                .exchange(
                    "/api/v1/operations/" + OP + "/agreements/" + id,
                    HttpMethod.DELETE,
                    HttpEntity.EMPTY,
                    String.class)
                .getStatusCode()
                .value())
        .isEqualTo(404);
  }

  @Test
  void auditAndPersonalDataCanNeverBeSharedAndEveryProblemIsListed() {
    var refused =
        agree(List.of("audit", "personal-data", "nonsense"), today(), today(), "sh-outsider");
    assertThat(refused.getStatusCode().value()).isEqualTo(422);
    String body = refused.getBody().toString();
    assertThat(body)
        .contains("audit can never be shared")
        .contains("personal-data can never be shared")
        .contains("unknown dataset nonsense")
        .contains("sh-outsider is not a PARTNER of operation SH")
        .contains("must be after the start date");
    assertThat(
            jdbc.sql("select count(*) from access.sharing_agreement where partner = 'sh-outsider'")
                .query(Long.class)
                .single())
        .isZero();
    // public data needs no agreement
    assertThat(
            agree(List.of("published-aggregates"), today(), today().plusDays(1), "sh-partner")
                .getStatusCode()
                .value())
        .isEqualTo(422);
  }

  @Test
  void urgentActionDataIsSharedForThirtyDaysAtMost() {
    var classes =
        as("sh-officer")
            .exchange(
                "/api/v1/operations/" + OP + "/sharing-classes",
                HttpMethod.PUT,
                new HttpEntity<>(
                    List.of(Map.of("dataset", "flags", "sharingClass", "URGENT_ACTION"))),
                JsonNode.class);
    assertThat(classes.getStatusCode().value()).isEqualTo(200);
    JsonNode flags = null;
    for (JsonNode c : classes.getBody()) {
      if (c.path("dataset").asText().equals("flags")) flags = c;
    }
    assertThat(flags.path("sharingClass").asText()).isEqualTo("URGENT_ACTION");
    assertThat(flags.path("isDefault").asBoolean()).isFalse();
    assertThat(classes.getBody().toString()).contains("\"field\":\"coordinates\"");

    assertThat(
            agree(List.of("flags"), today(), today().plusDays(31), "sh-partner")
                .getStatusCode()
                .value())
        .isEqualTo(422);
    assertThat(
            agree(List.of("flags"), today(), today().plusDays(30), "sh-partner")
                .getStatusCode()
                .value())
        .isEqualTo(201);
  }

  @Test
  void sharingClassesOfNeverShareableDataStaySensitive() {
    var refused =
        as("sh-officer")
            .exchange(
                "/api/v1/operations/" + OP + "/sharing-classes",
                HttpMethod.PUT,
                new HttpEntity<>(
                    List.of(
                        Map.of("dataset", "audit", "sharingClass", "PUBLIC"),
                        Map.of("dataset", "locations", "sharingClass", "PUBLIC"))),
                String.class);
    assertThat(refused.getStatusCode().value()).isEqualTo(422);
    assertThat(refused.getBody()).contains("never shareable").contains("cannot be made PUBLIC");
    var classes =
        as("sh-officer")
            .getForEntity("/api/v1/operations/" + OP + "/sharing-classes", JsonNode.class);
    for (JsonNode c : classes.getBody()) {
      if (c.path("dataset").asText().equals("audit")) {
        assertThat(c.path("sharingClass").asText()).isEqualTo("SENSITIVE");
        assertThat(c.path("shareable").asBoolean()).isFalse();
      }
    }
  }

  @Test
  void onlyTheDataProtectionOfficerManagesAgreements() {
    assertThat(
            as("sh-reviewer")
                .getForEntity("/api/v1/operations/" + OP + "/agreements", String.class)
                .getStatusCode()
                .value())
        .isEqualTo(403);
    assertThat(
            as("sh-partner")
                .postForEntity("/api/v1/operations/" + OP + "/agreements", Map.of(), String.class)
                .getStatusCode()
                .value())
        .isEqualTo(403);
  }
}
