package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;

/** Import preview, publish preview, round progress and place history: read-only answers. */
class ReviewPreviewsIntegrationTest extends ApiTestSupport {

  private static final String OP = "PREV";

  @Autowired GeographyManagement geography;
  @Autowired TrackingManagement tracking;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void fixture() {
    if (geography.findOperation(OP).isPresent()) return;
    var op = geography.createOperation(new NewOperation(OP, "Previews", "CAF"));
    var units =
        geography.createProvisionalUnits(
            op.id(),
            List.of(
                new NewAdminUnit(0, "CAF", "Central African Republic", null),
                new NewAdminUnit(1, "CAF01", "Bamingui", "CAF"),
                new NewAdminUnit(1, "CAF02", "Vakaga", "CAF"),
                new NewAdminUnit(2, "CAF0101", "Kaga", "CAF01"),
                new NewAdminUnit(2, "CAF0102", "Ndele", "CAF01"),
                new NewAdminUnit(2, "CAF0201", "Birao", "CAF02")));
    long kaga = units.stream().filter(u -> u.pcode().equals("CAF0101")).findFirst().get().id();
    geography.upsertLocations(
        op.id(),
        List.of(
            new NewLocation("S01", "Kaga site", LocationKind.SITE, kaga, 8.1, 20.5),
            new NewLocation("S02", "Kaga camp", LocationKind.SITE, kaga, 8.2, 20.6)));
    tracking.createRound(OP, 1, LocalDate.of(2024, 1, 31));
    tracking.createRound(OP, 2, LocalDate.of(2024, 2, 29));
    tracking.createRound(OP, 3, LocalDate.of(2024, 3, 31));
  }

  private static final String TABLE =
      "Admin 2,Name,IDP HH,IDP Ind,Returnees,Notes\n"
          + "#adm2+pcode,#adm2+name,#affected+idp+hh,#affected+idp+ind,#affected+returnees+ind,"
          + "#meta+notes\n";

  @Test
  void importPreviewShowsTheMappingAndFirstRowsAndStoresNothing() {
    StringBuilder file = new StringBuilder(TABLE);
    for (int i = 0; i < 30; i++) file.append("CAF0101,Kaga,10,50,5,row ").append(i).append('\n');
    long importsBefore = count("tracking.assessment_import");
    var response = preview(3, "file.csv", file.toString());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode preview = response.getBody();
    assertThat(preview.path("shape").asText()).isEqualTo("HXL_TABLE");
    assertThat(preview.path("format").asText()).isEqualTo("csv");
    assertThat(preview.path("importable").asBoolean()).isTrue();
    JsonNode columns = preview.path("columns");
    assertThat(columns).hasSize(6);
    assertThat(columns.get(0).path("header").asText()).isEqualTo("Admin 2");
    assertThat(columns.get(0).path("tag").asText()).isEqualTo("#adm2+pcode");
    assertThat(columns.get(0).path("field").asText()).isEqualTo("admin 2 P-code");
    assertThat(columns.get(3).path("field").asText()).isEqualTo("IDP individuals");
    assertThat(columns.get(5).path("mapped").asBoolean()).isFalse();
    assertThat(columns.get(5).path("ignoredBecause").asText())
        .isEqualTo("tag not used by assessment imports");
    assertThat(preview.path("rows")).hasSize(20);
    assertThat(preview.path("rows").get(0).path("row").asLong()).isEqualTo(3);
    assertThat(preview.path("rows").get(0).path("cells").get(5).asText()).isEqualTo("row 0");
    // nothing stored: no import, no assessment
    assertThat(count("tracking.assessment_import")).isEqualTo(importsBefore);
    assertThat(tracking.listAssessments(OP, 3, null, null, 0, 10).items()).isEmpty();
  }

  @Test
  void importPreviewNamesWhatWouldStopTheImport() {
    long importsBefore = count("tracking.assessment_import");
    JsonNode untagged = preview(3, "plain.csv", "Admin 2,IDPs\nCAF0101,50\n").getBody();
    assertThat(untagged.path("importable").asBoolean()).isFalse();
    assertThat(untagged.path("problems").get(0).path("reason").asText())
        .contains("no HXL hashtag row");
    assertThat(untagged.path("columns").findValuesAsText("ignoredBecause"))
        .containsOnly("no HXL tag");

    JsonNode names =
        preview(
                3,
                "names.csv",
                "Admin 2,IDP Ind\n#adm2+code,#affected+idp+ind\nKaga,50\nNdele,60\n")
            .getBody();
    assertThat(names.path("importable").asBoolean()).isFalse();
    JsonNode problem = names.path("problems").get(0);
    assertThat(problem.path("row").asLong()).isEqualTo(3);
    assertThat(problem.path("field").asText()).isEqualTo("#adm2+code");
    assertThat(problem.path("reason").asText()).contains("holds names like 'Kaga'");
    assertThat(names.path("problems")).hasSize(1); // once per column

    JsonNode noFigures = preview(3, "nofig.csv", "Admin 2\n#adm2+code\nCAF0101\n").getBody();
    assertThat(noFigures.path("problems").findValuesAsText("reason"))
        .anyMatch(r -> r.startsWith("no population figures"));

    JsonNode dtm =
        preview(
                3,
                "dtm.json",
                "[{\"admin0Pcode\":\"CAF\",\"admin2Pcode\":\"CAF0101\",\"numPresentIdpInd\":5,"
                    + "\"colour\":\"red\"}]")
            .getBody();
    assertThat(dtm.path("shape").asText()).isEqualTo("DTM_API");
    assertThat(dtm.path("columns").findValuesAsText("ignoredBecause"))
        .containsExactlyInAnyOrder("null", "null", "null", "not a DTM API field");
    assertThat(dtm.path("rows")).hasSize(1);
    assertThat(count("tracking.assessment_import")).isEqualTo(importsBefore);
  }

  @Test
  void publishPreviewRoundProgressAndPlaceHistory() {
    // round 1: nothing before it, so progress is counted against the location list
    importFile(
        1,
        "Site,Admin 2,IDP Ind,Returnees\n#loc+code,#adm2+pcode,#affected+idp+ind,"
            + "#affected+returnees+ind\nS01,CAF0101,100,10\n");
    JsonNode first = get("/api/v1/operations/" + OP + "/rounds/1/progress");
    assertThat(first.path("expectedFrom").asText()).isEqualTo("LOCATIONS");
    assertThat(first.path("expected").asLong()).isEqualTo(2);
    assertThat(first.path("received").asLong()).isEqualTo(1);
    assertThat(first.path("missing").get(0).asText()).isEqualTo("S02");
    assertThat(first.path("percent").asInt()).isEqualTo(50);

    JsonNode firstPreview = get("/api/v1/operations/" + OP + "/rounds/1/publish-preview");
    assertThat(firstPreview.path("baselineRound").isNull()).isTrue();
    assertThat(firstPreview.path("rows")).hasSize(1);
    assertThat(firstPreview.path("rows").get(0).path("pcode").asText()).isEqualTo("CAF01");
    assertThat(firstPreview.path("rows").get(0).path("idpsBefore").asLong()).isZero();
    assertThat(firstPreview.path("rows").get(0).path("idpsAfter").asLong()).isEqualTo(100);
    tracking.publish(OP, 1, "fine", "admin");

    // round 2: more in Bamingui, a new admin 1; compared with round 1's published revision
    importFile(
        2,
        "Site,Admin 2,IDP Ind,Returnees\n#loc+code,#adm2+pcode,#affected+idp+ind,"
            + "#affected+returnees+ind\nS02,CAF0101,150,0\n,CAF0201,40,4\n");
    long assessmentsBefore = count("tracking.assessment");
    JsonNode preview = get("/api/v1/operations/" + OP + "/rounds/2/publish-preview");
    assertThat(preview.path("baselineRound").asInt()).isEqualTo(1);
    assertThat(preview.path("baselineRevision").asInt()).isEqualTo(1);
    JsonNode rows = preview.path("rows");
    assertThat(rows.findValuesAsText("pcode")).containsExactly("CAF01", "CAF02");
    assertThat(rows.get(0).path("idpsBefore").asLong()).isEqualTo(100);
    assertThat(rows.get(0).path("idpsAfter").asLong()).isEqualTo(150);
    assertThat(rows.get(0).path("idpChange").asLong()).isEqualTo(50);
    assertThat(rows.get(0).path("returneesBefore").asLong()).isEqualTo(10);
    assertThat(rows.get(0).path("returneesAfter").asLong()).isZero();
    assertThat(rows.get(1).path("idpsBefore").asLong()).isZero();
    assertThat(rows.get(1).path("idpsAfter").asLong()).isEqualTo(40);
    JsonNode total = preview.path("totals").get(0);
    assertThat(total.path("idpsBefore").asLong()).isEqualTo(100);
    assertThat(total.path("idpsAfter").asLong()).isEqualTo(190);
    assertThat(preview.path("openErrors").asLong()).isZero();
    assertThat(preview.path("openWarnings").asLong())
        .isEqualTo(tracking.getRoundDetails(OP, 2).openFlags().get(Severity.WARNING));
    assertThat(count("tracking.assessment")).isEqualTo(assessmentsBefore);
    assertThat(tracking.getRound(OP, 2).status()).isEqualTo(RoundStatus.COLLECTING);

    // against round 1's places now: S01 not assessed yet in round 2
    JsonNode progress = get("/api/v1/operations/" + OP + "/rounds/2/progress");
    assertThat(progress.path("expectedFrom").asText()).isEqualTo("PREVIOUS_ROUND");
    assertThat(progress.path("previousRound").asInt()).isEqualTo(1);
    assertThat(progress.path("expected").asLong()).isEqualTo(1);
    assertThat(progress.path("received").asLong()).isEqualTo(2);
    assertThat(progress.path("missing").get(0).asText()).isEqualTo("S01");
    assertThat(progress.path("missingCount").asLong()).isEqualTo(1);

    JsonNode history = get("/api/v1/operations/" + OP + "/places/s02/history");
    assertThat(history).hasSize(1);
    assertThat(history.get(0).path("round").asInt()).isEqualTo(2);
    assertThat(history.get(0).path("idps").asLong()).isEqualTo(150);
    assertThat(history.get(0).path("status").asText()).isEqualTo("COLLECTING");
    JsonNode s01 = get("/api/v1/operations/" + OP + "/places/S01/history");
    assertThat(s01.get(0).path("status").asText()).isEqualTo("PUBLISHED");
    assertThat(s01.get(0).path("returnees").asLong()).isEqualTo(10);
  }

  private void importFile(int round, String content) {
    var response = upload("/imports", round, "r.csv", content);
    assertThat(response.getStatusCode())
        .as(String.valueOf(response.getBody()))
        .isEqualTo(HttpStatus.CREATED);
  }

  private ResponseEntity<JsonNode> preview(int round, String name, String content) {
    return upload("/imports/preview", round, name, content);
  }

  private ResponseEntity<JsonNode> upload(String path, int round, String name, String content) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public String getFilename() {
            return name;
          }
        });
    body.add("assessmentType", "SA");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return admin()
        .postForEntity(
            url("/api/v1/operations/" + OP + "/rounds/" + round + path),
            new HttpEntity<>(body, headers),
            JsonNode.class);
  }

  private JsonNode get(String path) {
    var response = admin().getForEntity(url(path), JsonNode.class);
    assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
    return response.getBody();
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }
}
