package org.opendtm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.opendtm.support.ApiTestSupport;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Issue 2's "done means", as a newcomer would do it over HTTP: a new operation, its P-code list, a
 * real-shaped baseline file with the usual mess, its flags fixed or justified, publication, and the
 * same totals read back from the DTM-compatible API and the HXL export.
 */
class AcceptanceIntegrationTest extends ApiTestSupport {

  private static final String OPERATION = "TCD-LAC";
  private static final String NAME = "Lac Province Mobility Tracking";
  private static final String FIXTURES = "fixtures/acceptance/";
  private static final String ROUND = "/api/v1/operations/" + OPERATION + "/rounds/1";

  @Test
  void fromAFileToPublishedFigures() {
    post("/api/v1/operations", Map.of("code", OPERATION, "name", NAME, "countryIso3", "TCD"));
    var geography =
        upload("/api/v1/operations/" + OPERATION + "/geography/imports", "pcodes.csv", Map.of());
    assertThat(geography.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(geography.getBody().path("created").asInt()).isEqualTo(1 + 2 + 5);

    post(
        "/api/v1/operations/" + OPERATION + "/rounds",
        Map.of("number", 1, "reportingDate", "2026-09-30"));

    // A broken file is refused row by row, and nothing of it is stored.
    var bad = upload(ROUND + "/imports", "baseline-round1-bad.csv", Map.of("assessmentType", "BA"));
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(bad.getHeaders().getContentType().toString()).contains("problem+json");
    List<String> problems = new ArrayList<>();
    bad.getBody()
        .path("errors")
        .forEach(e -> problems.add(e.path("row").asInt() + ":" + e.path("field").asText()));
    assertThat(problems).hasSize(2);
    assertThat(bad.getBody().path("errors").toString()).contains("TD0109").contains("-5");
    assertThat(admin().getForObject(ROUND + "/assessments", JsonNode.class).path("total").asInt())
        .isZero();

    // The real file: mixed-case and variant tags, untagged and unknown columns, an ISO3-prefixed
    // P-code, a household size of 20 and males + females that do not add up.
    var imported =
        upload(ROUND + "/imports", "baseline-round1.csv", Map.of("assessmentType", "BA"));
    assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode report = imported.getBody();
    assertThat(report.path("rowsRead").asInt()).isEqualTo(6);
    assertThat(report.path("ignoredColumns").toString())
        .contains("Comments")
        .contains("#meta+team");
    assertThat(report.path("normalisations").toString()).contains("TCD0102").contains("TCD01");

    Map<String, List<JsonNode>> flags = flagsByRule();
    assertThat(flags.keySet())
        .containsExactlyInAnyOrder("BREAKDOWN_SUM", "HOUSEHOLD_SIZE", "PCODE_NORMALISED");
    assertThat(flags.get("PCODE_NORMALISED")).hasSize(2);
    assertThat(flags.get("BREAKDOWN_SUM").get(0).path("message").asText())
        .contains("TD0202", "1,160", "1,130");

    // Errors block publication.
    var blocked = post(ROUND + "/publish", Map.of("justification", "accept all"));
    assertThat(blocked.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

    // The reviewer fixes the Abdeli figures (females 570, not 600) ...
    long assessment = flags.get("BREAKDOWN_SUM").get(0).path("assessmentId").asLong();
    JsonNode current = admin().getForObject(ROUND + "/assessments/" + assessment, JsonNode.class);
    List<Map<String, Object>> figures = new ArrayList<>();
    for (JsonNode figure : current.path("figures")) {
      Map<String, Object> input = new HashMap<>();
      input.put("group", figure.path("group").asText());
      input.put("reason", figure.path("reason").textValue());
      input.put("originAdminUnitId", numberOrNull(figure.path("originAdminUnitId")));
      input.put("households", numberOrNull(figure.path("households")));
      input.put("individuals", numberOrNull(figure.path("individuals")));
      input.put("males", numberOrNull(figure.path("males")));
      boolean idp = figure.path("group").asText().equals("IDP");
      input.put("females", idp ? Long.valueOf(570) : numberOrNull(figure.path("females")));
      figures.add(input);
    }
    var fixed =
        admin()
            .exchange(
                url(ROUND + "/assessments/" + assessment + "/figures"),
                HttpMethod.PUT,
                new HttpEntity<>(figures),
                JsonNode.class);
    assertThat(fixed.getStatusCode().is2xxSuccessful())
        .as(String.valueOf(fixed.getBody()))
        .isTrue();
    assertThat(flagsByRule()).doesNotContainKey("BREAKDOWN_SUM");

    // ... justifies the household size ...
    long household = flagsByRule().get("HOUSEHOLD_SIZE").get(0).path("id").asLong();
    assertThat(
            post(
                    ROUND + "/flags/" + household + "/justification",
                    Map.of(
                        "justification",
                        "Flood: extended families share shelters, confirmed by phone"))
                .getStatusCode()
                .is2xxSuccessful())
        .isTrue();

    // ... and publishes, accepting the P-code normalisations with one justification.
    var published =
        post(
            ROUND + "/publish",
            Map.of("justification", "P-code prefixes checked against the list"));
    assertThat(published.getStatusCode().is2xxSuccessful())
        .as(String.valueOf(published.getBody()))
        .isTrue();

    // The DTM-compatible API gives back the file's totals, at every level.
    JsonNode admin0 = dtm("admin0?Operation=" + NAME);
    assertThat(admin0.path("isSuccess").asBoolean()).isTrue();
    assertThat(sum(admin0, "numPresentIdpInd")).isEqualTo(2310 + 560 + 1650 + 1800 + 1130 + 810);
    assertThat(sum(admin0, "numberMales")).isEqualTo(1100 + 270 + 800 + 900 + 560 + 400);
    // The country is named as IOM's API names it — ISO3, not the admin-0 unit's P-code (TD) — and
    // a client can filter by the code it reads.
    assertThat(admin0.path("result").findValuesAsText("admin0Pcode")).containsOnly("TCD");
    // (with the operation too: CurrentGeographyIntegrationTest publishes another TCD operation in
    // the same shared test context, so the country alone sums both when it runs first)
    assertThat(sum(dtm("admin0?Admin0Pcode=TCD&Operation=" + NAME), "numPresentIdpInd"))
        .isEqualTo(8260);
    assertThat(sum(admin0, "numberFemales")).isEqualTo(1210 + 290 + 850 + 900 + 570 + 410);
    assertThat(sum(dtm("admin1?Operation=" + NAME + "&Admin1Pcode=TD01"), "numPresentIdpInd"))
        .isEqualTo(2310 + 560 + 1650);
    JsonNode admin2 =
        dtm("admin2?CountryName=Chad&Operation=" + NAME + "&FromRoundNumber=1&ToRoundNumber=1");
    assertThat(sum(admin2, "numPresentIdpInd")).isEqualTo(8260);
    assertThat(admin2.path("result").get(0).path("reportingDate").asText())
        .isEqualTo("2026-09-30T00:00:00");
    assertThat(admin2.path("result").get(0).path("assessmentType").asText()).isEqualTo("BA");

    // The HXL export has the DTM tags and the same totals.
    var csv =
        anonymous.getForEntity(
            "/public/api/operations/" + OPERATION + "/displacement.csv?adminLevel=2", String.class);
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<CSVRecord> records = parse(csv.getBody());
    List<String> tags = records.get(1).toList();
    assertThat(tags).contains("#adm2+code", "#affected+idps", "#cause+type", "#adm1+code+origin");
    int idps = tags.indexOf("#affected+idps");
    assertThat(
            records.subList(2, records.size()).stream()
                .mapToLong(r -> Long.parseLong(r.get(idps)))
                .sum())
        .isEqualTo(8260);
  }

  private Map<String, List<JsonNode>> flagsByRule() {
    JsonNode flags = admin().getForObject(ROUND + "/flags?status=OPEN", JsonNode.class);
    Map<String, List<JsonNode>> byRule = new HashMap<>();
    flags.forEach(
        f -> byRule.computeIfAbsent(f.path("rule").asText(), k -> new ArrayList<>()).add(f));
    return byRule;
  }

  private JsonNode dtm(String query) {
    ResponseEntity<JsonNode> response =
        anonymous.getForEntity("/dtm/v3/displacement/" + query, JsonNode.class);
    assertThat(response.getStatusCode())
        .as(String.valueOf(response.getBody()))
        .isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private static Long numberOrNull(JsonNode node) {
    return node.isNumber() ? node.asLong() : null;
  }

  private static long sum(JsonNode envelope, String field) {
    long total = 0;
    for (JsonNode record : envelope.path("result")) total += record.path(field).asLong();
    return total;
  }

  private static List<CSVRecord> parse(String text) {
    try {
      return CSVFormat.DEFAULT.parse(new StringReader(text)).getRecords();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ResponseEntity<JsonNode> post(String path, Object body) {
    return admin().postForEntity(path, body, JsonNode.class);
  }

  private ResponseEntity<JsonNode> upload(String path, String fixture, Map<String, String> fields) {
    var parts = new LinkedMultiValueMap<String, Object>();
    parts.add("file", new ClassPathResource(FIXTURES + fixture));
    fields.forEach(parts::add);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return admin().postForEntity(path, new HttpEntity<>(parts, headers), JsonNode.class);
  }
}
