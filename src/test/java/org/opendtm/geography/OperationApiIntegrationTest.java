package org.opendtm.geography;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.http.HttpStatus;

class OperationApiIntegrationTest extends ApiTestSupport {

  @Test
  void createsAnOperationWithDefaultBandsAndReasons() {
    var response =
        admin()
            .postForEntity(
                "/api/v1/operations",
                Map.of("code", "NGA-NE", "name", "North-East Nigeria", "countryIso3", "nga"),
                JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode body = response.getBody();
    assertThat(body.path("countryIso3").asText()).isEqualTo("NGA");
    assertThat(body.path("countryName").asText()).isEqualTo("Nigeria");
    assertThat(body.path("sexAgeBands")).hasSize(5);
    assertThat(response.getHeaders().getLocation()).hasPath("/api/v1/operations/NGA-NE");
  }

  @Test
  void refusesABadRequestNamingEachField() {
    var response =
        admin()
            .postForEntity(
                "/api/v1/operations",
                Map.of("code", "x", "name", "", "countryIso3", "NIGERIA"),
                JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
    assertThat(response.getBody().path("errors").findValuesAsText("field"))
        .contains("code", "name", "countryIso3");
  }

  @Test
  void refusesAnUnknownCountryAndADuplicateCode() {
    var unknown =
        admin()
            .postForEntity(
                "/api/v1/operations",
                Map.of("code", "ZZZ-1", "name", "Nowhere", "countryIso3", "QQQ"),
                JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(unknown.getBody().path("code").asText()).isEqualTo("UNKNOWN_COUNTRY");

    Map<String, String> chad = Map.of("code", "TCD-1", "name", "Chad", "countryIso3", "TCD");
    assertThat(admin().postForEntity("/api/v1/operations", chad, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    var again = admin().postForEntity("/api/v1/operations", chad, JsonNode.class);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void requiresALogin() {
    var response = anonymous.getForEntity("/api/v1/operations", String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
  }
}
