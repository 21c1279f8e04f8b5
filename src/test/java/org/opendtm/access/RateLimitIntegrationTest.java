package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/** Rate limits answer 429 with Retry-After before any work, in each API's own format. */
@TestPropertySource(
    properties = {
      "opendtm.rate-limits.sign-in-per-ip.capacity=3",
      "opendtm.rate-limits.sign-in-per-ip.per=1h",
      "opendtm.rate-limits.paths.dtm-api.capacity=2",
      "opendtm.rate-limits.paths.dtm-api.per=1h",
      "opendtm.rate-limits.paths.export.capacity=2",
      "opendtm.rate-limits.paths.export.per=1h"
    })
class RateLimitIntegrationTest extends ApiTestSupport {

  @Autowired UserManagement users;

  @Test
  void overTheLimitRequestsGet429WithRetryAfterAndChangeNothing() {
    // DTM API: its own envelope
    for (int i = 0; i < 2; i++) {
      assertThat(
              anonymous
                  .getForEntity("/dtm/v3/displacement/country-list", String.class)
                  .getStatusCode()
                  .value())
          .isEqualTo(200);
    }
    ResponseEntity<JsonNode> dtm =
        anonymous.getForEntity("/dtm/v3/displacement/country-list", JsonNode.class);
    assertThat(dtm.getStatusCode().value()).isEqualTo(429);
    assertThat(Long.parseLong(dtm.getHeaders().getFirst("Retry-After"))).isPositive();
    assertThat(dtm.getBody().path("statusCode").asInt()).isEqualTo(429);
    assertThat(dtm.getBody().path("isSuccess").asBoolean()).isFalse();
    assertThat(dtm.getBody().path("errorMessages").get(0).asText()).contains("retry after");

    // exports: an RFC 9457 problem
    for (int i = 0; i < 2; i++) {
      anonymous.getForEntity("/public/api/operations/NONE/displacement.csv", String.class);
    }
    ResponseEntity<JsonNode> export =
        anonymous.getForEntity("/public/api/operations/NONE/displacement.csv", JsonNode.class);
    assertThat(export.getStatusCode().value()).isEqualTo(429);
    assertThat(export.getHeaders().getContentType().toString())
        .startsWith("application/problem+json");
    assertThat(export.getBody().path("code").asText()).isEqualTo("RATE_LIMITED");
    assertThat(export.getHeaders().getFirst("Retry-After")).isNotBlank();

    // sign-in: valid credentials are never charged ...
    for (int i = 0; i < 5; i++) {
      assertThat(admin().getForEntity("/api/v1/me", String.class).getStatusCode().value())
          .isEqualTo(200);
    }
    // ... three failures from this address empty the bucket; then even the right password waits,
    // and the refused request does nothing
    for (int i = 0; i < 3; i++) {
      assertThat(
              anonymous
                  .withBasicAuth("admin", "not-the-password")
                  .getForEntity("/api/v1/me", String.class)
                  .getStatusCode()
                  .value())
          .isEqualTo(401);
    }
    ResponseEntity<JsonNode> refused =
        admin()
            .postForEntity(
                "/api/v1/users",
                java.util.Map.of("username", "rl-user", "password", "a-strong-enough-password"),
                JsonNode.class);
    assertThat(refused.getStatusCode().value()).isEqualTo(429);
    assertThat(refused.getHeaders().getFirst("Retry-After")).isNotBlank();
    assertThat(refused.getBody().path("code").asText()).isEqualTo("RATE_LIMITED");
    assertThat(users.exists("rl-user")).isFalse();
    // an unknown account is refused the same way: the limit says nothing about accounts
    assertThat(
            anonymous
                .withBasicAuth("no-such-user", "whatever-password")
                .getForEntity("/api/v1/me", String.class)
                .getStatusCode()
                .value())
        .isEqualTo(429);
  }
}
