package org.opendtm.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.opendtm.support.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/**
 * A token's last use is shown in the token list, to the minute: the first request sets it, further
 * requests within a minute write nothing, the first one after a minute moves it.
 */
@TestPropertySource(properties = "opendtm.rate-limits.enabled=false")
class ApiTokenLastUseIntegrationTest extends ApiTestSupport {

  @TestConfiguration
  static class Config {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  @Autowired MovableClock clock;
  @Autowired GeographyManagement geography;

  private int useToken(String token) {
    HttpHeaders headers = new HttpHeaders();
    headers.setBearerAuth(token);
    return anonymous
        .exchange(url("/api/v1/me"), HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class)
        .getStatusCode()
        .value();
  }

  private JsonNode listed(long id) {
    for (JsonNode token : admin().getForObject(url("/api/v1/me/tokens"), JsonNode.class)) {
      if (token.path("id").asLong() == id) return token;
    }
    throw new AssertionError("token " + id + " not listed");
  }

  private Instant lastUsed(long id) {
    JsonNode value = listed(id).path("lastUsedAt");
    return value.isNull() ? null : Instant.parse(value.asText());
  }

  @Test
  void theLastUseIsWrittenAtMostOnceAMinute() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    clock.set(start);
    if (geography.listOperations().stream().noneMatch(o -> o.code().equals("LU"))) {
      geography.createOperation(new NewOperation("LU", "Last use", "CAF"));
    }
    JsonNode created =
        admin()
            .postForObject(
                url("/api/v1/me/tokens"),
                Map.of(
                    "name",
                    "last-use",
                    "operations",
                    List.of("LU"),
                    "rights",
                    List.of("READ_PUBLISHED")),
                JsonNode.class);
    assertThat(created.has("token")).as(created.toString()).isTrue();
    String token = created.path("token").asText();
    long id = created.path("info").path("id").asLong();
    assertThat(lastUsed(id)).isNull();

    assertThat(useToken(token)).isEqualTo(200);
    assertThat(lastUsed(id)).isEqualTo(start);

    clock.advance(Duration.ofSeconds(30));
    assertThat(useToken(token)).isEqualTo(200);
    assertThat(useToken(token)).isEqualTo(200);
    assertThat(lastUsed(id)).as("not written again within a minute").isEqualTo(start);

    clock.advance(Duration.ofSeconds(31));
    assertThat(useToken(token)).isEqualTo(200);
    assertThat(lastUsed(id)).isEqualTo(start.plusSeconds(61));
  }
}
