package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A round published on last year's districts, read on today's: the crosswalk splits a district's
 * figures by population shares, whole numbers that keep every total exactly.
 */
class CurrentGeographyIntegrationTest extends ApiTestSupport {

  private static final String OP = "/api/v1/operations/XCW";

  @Test
  void showsAnOlderRoundOnTheCurrentGeography() {
    admin()
        .postForEntity(
            "/api/v1/operations",
            Map.of("code", "XCW", "name", "Crosswalk test", "countryIso3", "TCD"),
            JsonNode.class);
    upload(
        OP + "/geography/imports",
        "pcodes-2024.csv",
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name,#adm2+code,#adm2+name
        TD,Chad,TD01,Lac,TD0101,Old district
        TD,Chad,TD01,Lac,TD0102,Stays
        """,
        Map.of("validFrom", "2024-01-01"));
    admin()
        .postForEntity(
            OP + "/rounds", Map.of("number", 1, "reportingDate", "2024-06-30"), JsonNode.class);
    var imported =
        upload(
            OP + "/rounds/1/imports",
            "round1.csv",
            """
            #adm2+code,#cause+type,#affected+idps+hh,#affected+idps+ind,#affected+idps+m,#affected+idps+f
            TD0101,Conflict,200,1001,500,501
            TD0102,Conflict,60,300,150,150
            """,
            Map.of("assessmentType", "BA"));
    assertThat(imported.getStatusCode())
        .as(String.valueOf(imported.getBody()))
        .isEqualTo(HttpStatus.CREATED);
    assertThat(
            admin()
                .postForEntity(OP + "/rounds/1/publish", Map.of(), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);

    // A year later the old district is split in two; the crosswalk gives the population shares.
    upload(
        OP + "/geography/imports",
        "pcodes-2025.csv",
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name,#adm2+code,#adm2+name
        TD,Chad,TD01,Lac,TD0102,Stays
        TD,Chad,TD01,Lac,TD0103,North part
        TD,Chad,TD01,Lac,TD0104,South part
        """,
        Map.of("validFrom", "2025-01-01"));
    var crosswalk =
        upload(
            OP + "/geography/crosswalks",
            "crosswalk.csv",
            """
            #adm+code+from,#adm+code+to,#share
            TD0101,TD0103,0.6
            TD0101,TD0104,0.4
            """,
            Map.of());
    assertThat(crosswalk.getStatusCode().is2xxSuccessful())
        .as(String.valueOf(crosswalk.getBody()))
        .isTrue();

    Map<String, JsonNode> asPublished = byPcode(OP + "/aggregates?round=1&adminLevel=2&group=IDP");
    assertThat(asPublished.keySet()).containsExactlyInAnyOrder("TD0101", "TD0102");

    Map<String, JsonNode> today =
        byPcode(OP + "/aggregates?round=1&adminLevel=2&group=IDP&geography=current");
    assertThat(today.keySet()).containsExactlyInAnyOrder("TD0102", "TD0103", "TD0104");
    // 1,001 × 0.6 = 600.6 and × 0.4 = 400.4: the one left over goes to the larger remainder
    assertThat(today.get("TD0103").path("individuals").asLong()).isEqualTo(601);
    assertThat(today.get("TD0104").path("individuals").asLong()).isEqualTo(400);
    assertThat(today.get("TD0103").path("name").asText()).isEqualTo("North part");
    assertThat(today.get("TD0103").path("admin1Pcode").asText()).isEqualTo("TD01");
    assertThat(
            today.get("TD0103").path("males").asLong() + today.get("TD0104").path("males").asLong())
        .isEqualTo(500);
    assertThat(
            today.get("TD0103").path("females").asLong()
                + today.get("TD0104").path("females").asLong())
        .isEqualTo(501);
    assertThat(today.get("TD0102").path("individuals").asLong()).isEqualTo(300);
    assertThat(today.values().stream().mapToLong(r -> r.path("individuals").asLong()).sum())
        .isEqualTo(1301);

    var missingLevel =
        admin().getForEntity(OP + "/aggregates?round=1&geography=current", JsonNode.class);
    assertThat(missingLevel.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(missingLevel.getBody().path("errors").findValuesAsText("field"))
        .contains("adminLevel");
    assertThat(
            admin()
                .getForEntity(
                    OP + "/aggregates?round=1&adminLevel=2&geography=tomorrow", JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  private Map<String, JsonNode> byPcode(String path) {
    ResponseEntity<JsonNode> response = admin().getForEntity(path, JsonNode.class);
    assertThat(response.getStatusCode())
        .as(String.valueOf(response.getBody()))
        .isEqualTo(HttpStatus.OK);
    Map<String, JsonNode> rows = new HashMap<>();
    response.getBody().forEach(r -> rows.put(r.path("pcode").asText(), r));
    return rows;
  }

  private ResponseEntity<JsonNode> upload(
      String path, String name, String content, Map<String, String> fields) {
    var parts = new LinkedMultiValueMap<String, Object>();
    // the header row is the HXL row's own labels here: a table may carry its tags in the first row
    parts.add(
        "file",
        new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public String getFilename() {
            return name;
          }
        });
    fields.forEach(parts::add);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    ResponseEntity<JsonNode> response =
        admin().postForEntity(path, new HttpEntity<>(parts, headers), JsonNode.class);
    assertThat(response.getStatusCode().is2xxSuccessful())
        .as(name + ": " + response.getBody())
        .isTrue();
    return response;
  }
}
