package org.opendtm.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.platform.CliCommand;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;

@Import(TrackingApiIntegrationTest.Events.class)
class TrackingApiIntegrationTest extends ApiTestSupport {

  /** Collects RoundPublished as the publication module would receive it. */
  @TestConfiguration
  static class Events {
    final List<RoundPublished> published = new CopyOnWriteArrayList<>();

    @EventListener
    void on(RoundPublished event) {
      published.add(event);
    }
  }

  @Autowired GeographyManagement geography;
  @Autowired JdbcClient jdbc;
  @Autowired UserManagement users;
  @Autowired Events events;
  @Autowired List<CliCommand> commands;

  private static final String HEADER =
      "Location code,Location name,Site type,Admin 1,Admin 2 P-code,Type,Reason,Origin,IDP HH,"
          + "IDP Ind,IDP M,IDP F,F0,F1,F6,F18,F60,M0,M1,M6,M18,M60,Returnees,Notes,Odd band\n"
          + "#loc+code,#loc+name,#loc+type,#ADM1+PCODE,#adm2+pcode,#Assessment+Type,#cause+type,"
          + "#adm1+code+origin,#affected+idp+hh,#affected+idp+ind,#affected+idps+m,"
          + "#affected+f+idps,#affected+idps+f+age0_0,#affected+idps+f+age1_5,"
          + "#affected+idps+f+age6_17,#affected+idps+f+age18_59,#affected+idps+f+age60_,"
          + "#affected+idps+m+age0_0,#affected+idps+m+age1_5,#affected+idps+m+age6_17,"
          + "#affected+idps+m+age18_59,#affected+idps+m+age60plus,#affected+returnees+ind,"
          + "#meta+notes,#affected+idps+f+age5_9\n";

  // ------------------------------------------------------------------ shape A, CSV, every rule

  @Test
  void importsAnHxlTableRaisesEveryRuleAndPublishesAfterReview() {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-A");
    createRound("CAF-A", 1, "2024-02-29");
    createRound("CAF-A", 2, "2024-03-31");

    // round 1, published: the baseline for ROUND_CHANGE
    String round1 =
        HEADER
            + "CAF0101-S01,Kaga site,site,CAF01,CAF0101,SA,Conflict,CAF02,80,400,,,,,,,,,,,,,,,\n";
    assertThat(upload("CAF-A", 1, "round1.csv", round1, Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(post("/api/v1/operations/CAF-A/rounds/1/review", null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    var first = post("/api/v1/operations/CAF-A/rounds/1/publish", null);
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(first.getBody().path("revision").asInt()).isEqualTo(1);

    String round2 =
        HEADER
            // bands sum to 1,210 but individuals are 1,250; 1,250 vs 400 in round 1
            + "CAF0101-S01,Kaga site,site,CAF01,CAF0101,SA,Conflict,CAF02,250,1250,600,650,"
            + "10,100,150,300,40,10,100,150,300,50,30,checked,7\n"
            // new location; 100 people in 2 households; males + females = 90
            + "CAF0102-S02,Ndele camp,Camp,CAF01,CAF0102,site,Insecurity,,2,100,40,50,"
            + ",,,,,,,,,,,,\n"
            // origin is the place itself, and the same figure twice
            + ",,,CAF02,CAF0201,SA,conflict,CAF0201,100,500,,,,,,,,,,,,,,,\n"
            + ",,,CAF02,CAF0201,SA,CONFLICT,CAF0201,100,500,,,,,,,,,,,,,,,\n"
            // a P-code written with the ISO2 prefix
            + ",,,CAF01,CF0102,SA,Economic,,60,300,,,,,,,,,,,,,,,\n"
            // retired before the reporting date, and valid only after it
            + ",,,CAF01,CAF0199,SA,,,40,200,,,,,,,,,,,,,,,\n"
            + ",,,CAF02,CAF0203,SA,,,20,100,,,,,,,,,,,,,,,\n";
    var imported = upload("CAF-A", 2, "round2.csv", round2, Map.of());
    assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode report = imported.getBody();
    assertThat(report.path("shape").asText()).isEqualTo("HXL_TABLE");
    assertThat(report.path("rowsRead").asLong()).isEqualTo(7);
    assertThat(report.path("assessmentsCreated").asLong()).isEqualTo(6);
    assertThat(report.path("figuresCreated").asLong()).isEqualTo(8); // + S01 returnees
    assertThat(report.path("columns").path("#ADM1+PCODE").asText()).isEqualTo("admin 1 P-code");
    assertThat(report.path("columns").path("#affected+idp+ind").asText())
        .isEqualTo("IDP individuals");
    assertThat(report.path("ignoredColumns").findValuesAsText("column"))
        .contains("#meta+notes", "#affected+idps+f+age5_9");
    assertThat(report.path("placesCreated").findValuesAsText("code"))
        .containsExactly("CAF0102-S02");
    JsonNode normalisation = report.path("normalisations").get(0);
    assertThat(normalisation.path("written").asText()).isEqualTo("CF0102");
    assertThat(normalisation.path("matched").asText()).isEqualTo("CAF0102");
    assertThat(normalisation.path("rows").get(0).asLong()).isEqualTo(7);

    List<JsonNode> flags = flags("CAF-A", 2, "");
    Map<String, JsonNode> byRule = new java.util.HashMap<>();
    flags.forEach(f -> byRule.putIfAbsent(f.path("rule").asText(), f));
    assertThat(byRule.keySet())
        .containsExactlyInAnyOrder(
            "SEX_AGE_SUM",
            "BREAKDOWN_SUM",
            "HOUSEHOLD_SIZE",
            "DUPLICATE_PLACE",
            "ROUND_CHANGE",
            "PCODE_NORMALISED",
            "ORIGIN_EQUALS_PLACE",
            "RETIRED_PCODE",
            "UNKNOWN_PCODE");
    assertThat(byRule.get("SEX_AGE_SUM").path("message").asText())
        .isEqualTo(
            "CAF0101-S01 Kaga site: IDP (Conflict) sex-and-age bands sum to 1,210 but individuals"
                + " are 1,250");
    assertThat(byRule.get("BREAKDOWN_SUM").path("message").asText())
        .contains("CAF0102-S02 Ndele camp", "sum to 90", "are 100");
    assertThat(byRule.get("HOUSEHOLD_SIZE").path("severity").asText()).isEqualTo("WARNING");
    assertThat(byRule.get("DUPLICATE_PLACE").path("place").asText()).isEqualTo("CAF0201");
    assertThat(byRule.get("ROUND_CHANGE").path("message").asText())
        .contains("from 400 in round 1 to 1,250 (+213 %)");
    assertThat(byRule.get("HOUSEHOLD_SIZE").path("message").asText()).endsWith("outside 1.5–15");
    assertThat(byRule.get("PCODE_NORMALISED").path("message").asText()).contains("CF0102");
    assertThat(byRule.get("RETIRED_PCODE").path("place").asText()).isEqualTo("CAF0199");
    assertThat(byRule.get("UNKNOWN_PCODE").path("place").asText()).isEqualTo("CAF0203");
    assertThat(byRule.get("ORIGIN_EQUALS_PLACE").path("place").asText()).isEqualTo("CAF0201");
    assertThat(flags("CAF-A", 2, "?severity=WARNING"))
        .allMatch(f -> f.path("severity").asText().equals("WARNING"))
        .isNotEmpty();
    assertThat(flags("CAF-A", 2, "?rule=DUPLICATE_PLACE")).hasSize(1);
    var details = admin().getForEntity(url("/api/v1/operations/CAF-A/rounds/2"), JsonNode.class);
    assertThat(details.getBody().path("assessments").path("SA").asLong()).isEqualTo(6);
    assertThat(details.getBody().path("openFlags").path("ERROR").asLong()).isEqualTo(5);

    // errors cannot be justified, and block publishing
    long errorId = byRule.get("SEX_AGE_SUM").path("id").asLong();
    var justifyError = justify("CAF-A", 2, errorId, "looks fine");
    assertThat(justifyError.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(justifyError.getBody().path("code").asText()).isEqualTo("ERROR_NOT_JUSTIFIABLE");
    assertThat(post("/api/v1/operations/CAF-A/rounds/2/review", null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    var blocked = post("/api/v1/operations/CAF-A/rounds/2/publish", Map.of("justification", "x"));
    assertThat(blocked.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(blocked.getBody().path("code").asText()).isEqualTo("OPEN_FLAGS");
    assertThat(blocked.getBody().path("errorCount").asInt()).isEqualTo(5);
    assertThat(events.published).noneMatch(e -> e.roundNumber() == 2);

    // the reviewer fixes the errors
    long s01 = assessmentId("CAF-A", 2, "CAF0101-S01");
    var fixed =
        putJson(
            "/api/v1/operations/CAF-A/rounds/2/assessments/" + s01 + "/figures",
            List.of(
                Map.of(
                    "group",
                    "IDP",
                    "reason",
                    "Conflict",
                    "households",
                    250,
                    "individuals",
                    1250,
                    "males",
                    600,
                    "females",
                    650,
                    "sexAge",
                    List.of(10, 100, 150, 340, 50, 10, 100, 150, 290, 50))));
    assertThat(fixed.getStatusCode()).isEqualTo(HttpStatus.OK);
    putJson(
        "/api/v1/operations/CAF-A/rounds/2/assessments/"
            + assessmentId("CAF-A", 2, "CAF0102-S02")
            + "/figures",
        List.of(
            Map.of(
                "group",
                "IDP",
                "reason",
                "Insecurity",
                "households",
                2,
                "individuals",
                100,
                "males",
                50,
                "females",
                50)));
    putJson(
        "/api/v1/operations/CAF-A/rounds/2/assessments/"
            + assessmentId("CAF-A", 2, "CAF0201")
            + "/figures",
        List.of(
            Map.of(
                "group",
                "IDP",
                "reason",
                "Conflict",
                "households",
                100,
                "individuals",
                500,
                "originAdminUnitId",
                originOf("CAF-A", 2, "CAF0201"))));
    delete("/api/v1/operations/CAF-A/rounds/2/assessments/" + assessmentId("CAF-A", 2, "CAF0199"));
    delete("/api/v1/operations/CAF-A/rounds/2/assessments/" + assessmentId("CAF-A", 2, "CAF0203"));
    assertThat(flags("CAF-A", 2, "?severity=ERROR&status=OPEN")).isEmpty();
    assertThat(flags("CAF-A", 2, "?rule=SEX_AGE_SUM").get(0).path("status").asText())
        .isEqualTo("RESOLVED");

    // one warning justified on its own; publishing without justification lists the rest
    long change = flags("CAF-A", 2, "?rule=ROUND_CHANGE").get(0).path("id").asLong();
    var justified = justify("CAF-A", 2, change, "New arrivals after the February attacks");
    assertThat(justified.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(justified.getBody().path("status").asText()).isEqualTo("JUSTIFIED");
    var warningsBlock = post("/api/v1/operations/CAF-A/rounds/2/publish", null);
    assertThat(warningsBlock.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(warningsBlock.getBody().path("errors").findValuesAsText("field"))
        .contains("HOUSEHOLD_SIZE", "ORIGIN_EQUALS_PLACE", "PCODE_NORMALISED")
        .doesNotContain("ROUND_CHANGE");

    // bulk acceptance with the publication's justification
    var published =
        post(
            "/api/v1/operations/CAF-A/rounds/2/publish",
            Map.of("justification", "Figures confirmed with the site managers"));
    assertThat(published.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(published.getBody().path("revision").asInt()).isEqualTo(1);
    assertThat(flags("CAF-A", 2, "?rule=HOUSEHOLD_SIZE").get(0).path("justification").asText())
        .isEqualTo("Figures confirmed with the site managers");
    assertThat(flags("CAF-A", 2, "?rule=ROUND_CHANGE").get(0).path("justification").asText())
        .isEqualTo("New arrivals after the February attacks");
    RoundPublished event =
        events.published.stream().filter(e -> e.roundNumber() == 2).findFirst().orElseThrow();
    assertThat(event.operationCode()).isEqualTo("CAF-A");
    assertThat(event.revision()).isEqualTo(1);
    assertThat(event.publishedBy()).isEqualTo("admin");

    // imports are refused into a published round; a correction reopens it
    assertThat(upload("CAF-A", 2, "late.csv", round1, Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    var reopened =
        post("/api/v1/operations/CAF-A/rounds/2/reopen", Map.of("reason", "Kaga site recount"));
    assertThat(reopened.getBody().path("status").asText()).isEqualTo("IN_REVIEW");
    var second =
        post("/api/v1/operations/CAF-A/rounds/2/publish", Map.of("justification", "recounted"));
    assertThat(second.getBody().path("revision").asInt()).isEqualTo(2);
    assertThat(second.getBody().path("reason").asText()).startsWith("Kaga site recount");
    assertThat(events.published.stream().filter(e -> e.roundNumber() == 2).map(e -> e.revision()))
        .containsExactly(1, 2);
    var round = admin().getForEntity(url("/api/v1/operations/CAF-A/rounds/2"), JsonNode.class);
    assertThat(round.getBody().path("round").path("revision").asInt()).isEqualTo(2);
    assertThat(round.getBody().path("round").path("status").asText()).isEqualTo("PUBLISHED");
    assertThat(round.getBody().path("revisions")).hasSize(2);
  }

  // ------------------------------------------------------------------ shape B, DTM API JSON

  @Test
  void importsDtmApiRecordsKeepingTheFinestLevelAndFlaggingUpperLevelMismatches() {
    TrackingFixtures.operationWithoutGeography(geography, "CAF-B");
    createRound("CAF-B", 3, "2024-03-31");
    String json =
        """
        {"result": [
          %s, %s, %s, %s, %s, %s
        ], "statusCode": 200, "isSuccess": true, "errorMessages": [], "totalRecordsCount": 6}
        """
            .formatted(
                dtm(null, null, null, null, 1000, "Conflict"),
                dtm("CAF01", "Bamingui", null, null, 600, "Conflict"),
                dtm("CAF02", "Vakaga", null, null, 400, "Conflict"),
                dtm("CAF01", "Bamingui", "CAF0101", "Kaga", 300, "Conflict"),
                dtm("CAF01", "Bamingui", "CAF0102", "Ndele", 250, "Conflict"),
                dtm("CAF02", "Vakaga", "CAF0201", "Birao", 400, "Conflict"));
    var response = upload("CAF-B", 3, "dtm.json", json, Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode report = response.getBody();
    assertThat(report.path("shape").asText()).isEqualTo("DTM_API");
    assertThat(report.path("rowsRead").asLong()).isEqualTo(6);
    assertThat(report.path("assessmentsCreated").asLong()).isEqualTo(3);
    assertThat(report.path("assessmentTypes").get(0).asText()).isEqualTo("BA");
    assertThat(report.path("placesCreated").findValuesAsText("code"))
        .containsExactlyInAnyOrder("CAF", "CAF01", "CAF02", "CAF0101", "CAF0102", "CAF0201");
    assertThat(report.path("ignoredColumns").findValuesAsText("column")).contains("extra");
    assertThat(report.path("flags").path("UPPER_LEVEL_MISMATCH").asLong()).isEqualTo(2);

    List<JsonNode> mismatches = flags("CAF-B", 3, "?rule=UPPER_LEVEL_MISMATCH");
    assertThat(mismatches)
        .extracting(f -> f.path("place").asText())
        .containsExactly("CAF", "CAF01");
    assertThat(mismatches.get(1).path("message").asText())
        .isEqualTo(
            "CAF01 Bamingui (admin 1, Conflict): the file gives 600 IDP individuals but its admin"
                + " 2 records sum to 550");
    assertThat(mismatches.get(0).path("source").asText()).isEqualTo("IMPORT");

    // a justification survives re-importing the same file, which replaces the assessments
    long flagId = mismatches.get(1).path("id").asLong();
    assertThat(justify("CAF-B", 3, flagId, "admin 1 total from the authorities").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    var again = upload("CAF-B", 3, "dtm.json", json, Map.of());
    assertThat(again.getBody().path("replacedAssessments").asLong()).isEqualTo(3);
    assertThat(again.getBody().path("placesCreated")).isEmpty();
    JsonNode after = flags("CAF-B", 3, "?rule=UPPER_LEVEL_MISMATCH").get(1);
    assertThat(after.path("id").asLong()).isEqualTo(flagId);
    assertThat(after.path("status").asText()).isEqualTo("JUSTIFIED");
    var page =
        admin()
            .getForEntity(
                url("/api/v1/operations/CAF-B/rounds/3/assessments?type=BA&size=2"),
                JsonNode.class);
    assertThat(page.getBody().path("total").asLong()).isEqualTo(3);
    assertThat(page.getBody().path("items")).hasSize(2);
    assertThat(
            page.getBody().path("items").get(0).path("figures").get(0).path("individuals").asInt())
        .isEqualTo(300);
  }

  @Test
  void importsTheDtmCsvExportWithItsHxlRowAndRefusesAnotherRound() {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-C");
    createRound("CAF-C", 1, "2024-03-31");
    String csv =
        "id,operation,admin0Name,admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,"
            + "numPresentIdpInd,reportingDate,roundNumber,displacementReason,numberMales,"
            + "numberFemales,idpOriginAdmin1Name,idpOriginAdmin1Pcode,assessmentType\n"
            + "#id+code,#operation+name,#country+name,#country+code,#adm1+name,#adm1+code,"
            + "#adm2+name,#adm2+code,#affected+idps,#date+reported,#round+code,#cause+type,"
            + "#affected+idps+m,#affected+idps+f,#adm1+name+origin,#adm1+code+origin,"
            + "#assessment+type\n"
            + "1,X,CAR,CAF,Bamingui,CAF01,Kaga,CAF0101,120,2024-03-31T00:00:00,1,Conflict,60,"
            + "60,Vakaga,CAF02,BA\n"
            + "2,X,CAR,CAF,Bamingui,CAF01,Ndele,CAF0102,80,2024-03-31T00:00:00,2,Conflict,40,"
            + "40,Not available,Not available,BA\n";
    var refused = upload("CAF-C", 1, "dtm.csv", csv, Map.of());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("errors").get(0).path("field").asText())
        .isEqualTo("roundNumber");
    assertThat(refused.getBody().path("errors").get(0).path("row").asLong()).isEqualTo(4);
    var accepted =
        upload("CAF-C", 1, "dtm.csv", csv.replace(",2,Conflict", ",1,Conflict"), Map.of());
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(accepted.getBody().path("shape").asText()).isEqualTo("DTM_API");
    assertThat(accepted.getBody().path("assessmentsCreated").asLong()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ XLSX, mapping, bad files

  @Test
  void importsAnXlsxTakingTheAssessmentTypeFromTheFormField() throws IOException {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-D");
    createRound("CAF-D", 1, "2024-03-31");
    byte[] xlsx;
    try (XSSFWorkbook workbook = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = workbook.createSheet("data");
      String[][] rows = {
        {"Admin 2", "Date", "KIs", "IDP households", "IDPs", "Returnees HH", "Returnees"},
        {
          "#adm2+code",
          "#date+assessed",
          "#meta+ki",
          "#affected+idps+households",
          "#affected+idps",
          "#affected+ret+hh",
          "#affected+returnees+individuals"
        }
      };
      for (int r = 0; r < rows.length; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) row.createCell(c).setCellValue(rows[r][c]);
      }
      var data = sheet.createRow(2);
      data.createCell(0).setCellValue("CAF0101");
      data.createCell(1).setCellValue("2024-03-20");
      data.createCell(2).setCellValue(3);
      data.createCell(3).setCellValue(40);
      data.createCell(4).setCellValue(200);
      data.createCell(5).setCellValue(10);
      data.createCell(6).setCellValue(55);
      workbook.write(out);
      xlsx = out.toByteArray();
    }
    var response = upload("CAF-D", 1, "baseline.xlsx", xlsx, Map.of("assessmentType", "baseline"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(response.getBody().path("format").asText()).isEqualTo("XLSX");
    var assessment =
        admin()
            .getForEntity(
                url("/api/v1/operations/CAF-D/rounds/1/assessments?place=CAF0101"), JsonNode.class)
            .getBody()
            .path("items")
            .get(0);
    assertThat(assessment.path("type").asText()).isEqualTo("BA");
    assertThat(assessment.path("informants").asInt()).isEqualTo(3);
    assertThat(assessment.path("collectedOn").asText()).isEqualTo("2024-03-20");
    assertThat(assessment.path("figures").findValuesAsText("group"))
        .containsExactlyInAnyOrder("IDP", "RETURNEE");
  }

  @Test
  void importsATableWithoutHxlThroughASavedColumnMapping() {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-E");
    createRound("CAF-E", 1, "2024-03-31");
    var saved =
        putJson(
            "/api/v1/operations/CAF-E/column-mappings/plain",
            Map.of(
                "District",
                "#adm2+code",
                "IDPs",
                "#affected+idps+ind",
                "Type",
                "#assessment+type"));
    assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
    String csv = "District;IDPs;Type;Comment\nCAF0201;75;BA;ok\n";
    var response = upload("CAF-E", 1, "plain.csv", csv, Map.of("mapping", "plain"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(response.getBody().path("assessmentsCreated").asLong()).isEqualTo(1);
    assertThat(response.getBody().path("ignoredColumns").findValuesAsText("column"))
        .contains("Comment");
    var unmapped = upload("CAF-E", 1, "plain.csv", csv, Map.of());
    assertThat(unmapped.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(unmapped.getBody().path("errors").get(0).path("reason").asText())
        .contains("no HXL hashtag row");
  }

  @Test
  void refusesABadFileListingEveryRowAndStoresNothing() {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-F");
    createRound("CAF-F", 1, "2024-03-31");
    String csv =
        "a,b,c,d,e,f\n"
            + "#adm2+code,#affected+idps+ind,#cause+type,#date+reported,#assessment+type,#loc+code\n"
            + "CAF0101,100,Conflict,2024-03-01,BA,\n"
            + "CAF0999,100,Conflict,2024-03-01,BA,\n"
            + "CAF0102,-5,Conflict,2024-03-01,BA,\n"
            + "CAF0102,12,Flood,31/03/2024,BA,\n"
            + "CAF0201,12,Conflict,2024-03-01,,\n"
            + "CAF0201,12,Conflict,2024-03-01,SA,Kaga site\n";
    var response = upload("CAF-F", 1, "bad.csv", csv, Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    JsonNode body = response.getBody();
    assertThat(body.path("code").asText()).isEqualTo("INVALID_ASSESSMENT_FILE");
    assertThat(body.path("errorCount").asInt()).isEqualTo(6);
    List<String> described = new ArrayList<>();
    body.path("errors")
        .forEach(
            e ->
                described.add(
                    e.path("row").asLong()
                        + " "
                        + e.path("field").asText()
                        + " "
                        + e.path("reason").asText()));
    assertThat(described)
        .containsExactly(
            "4 #adm2+code unknown P-code CAF0999 in column #adm2+code",
            "5 #affected+idps+ind not a non-negative whole number",
            "6 #cause+type reason is not in the operation's list [Conflict, Natural disaster,"
                + " Insecurity, Communal clashes, Economic, Other, Not reported]",
            "6 #date+reported not an ISO date (YYYY-MM-DD)",
            "7 #assessment+type no assessment type: give it in the file (#assessment+type) or in"
                + " the assessmentType field of the import",
            "8 #loc+code column #loc+code is tagged as a code but holds names like 'Kaga site';"
                + " tag it +name or put the codes in it");
    long stored =
        jdbc.sql(
                """
                select count(*) from tracking.assessment a join tracking.round r on r.id = a.round_id
                  join geography.operation o on o.id = r.operation_id where o.code = 'CAF-F'
                """)
            .query(Long.class)
            .single();
    assertThat(stored).isZero();
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from tracking.assessment_import i
                      join geography.operation o on o.id = i.operation_id where o.code = 'CAF-F'
                    """)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void refusesUnknownPlacesFromADtmFileWhenTheOperationHasGeography() {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-G");
    createRound("CAF-G", 3, "2024-03-31");
    String json = "[" + dtm("CAF01", "Bamingui", "CAF0777", "Nowhere", 10, "Conflict") + "]";
    var response = upload("CAF-G", 3, "dtm.json", json, Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(response.getBody().path("errors").get(0).path("reason").asText())
        .isEqualTo("unknown P-code CAF0777 in column admin2Pcode");
    assertThat(
            jdbc.sql("select count(*) from geography.admin_unit where pcode = 'CAF0777'")
                .query(Long.class)
                .single())
        .isZero();
  }

  // ------------------------------------------------------------------ rounds, access, CLI

  @Test
  void createsRoundsRefusingDuplicatesAndBadDates() {
    TrackingFixtures.operationWithoutGeography(geography, "CAF-H");
    var created = createRound("CAF-H", 1, "2024-01-31");
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("status").asText()).isEqualTo("COLLECTING");
    assertThat(created.getHeaders().getLocation()).hasPath("/api/v1/operations/CAF-H/rounds/1");
    assertThat(createRound("CAF-H", 1, "2024-02-29").getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(createRound("CAF-H", 2, "31/01/2024").getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    var list = admin().getForEntity(url("/api/v1/operations/CAF-H/rounds"), JsonNode.class);
    assertThat(list.getBody()).hasSize(1);
    assertThat(
            admin()
                .getForEntity(url("/api/v1/operations/CAF-H/rounds/9"), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void checksRolesInTheOperation() {
    TrackingFixtures.operationWithoutGeography(geography, "CAF-I");
    TrackingFixtures.operationWithoutGeography(geography, "CAF-J");
    createRound("CAF-I", 1, "2024-01-31");
    users.createUser("caf-partner", "partner-password-1", false);
    users.grant("caf-partner", "CAF-I", OperationRole.PARTNER);
    users.createUser("caf-j-manager", "manager-password-1", false);
    users.grant("caf-j-manager", "CAF-J", OperationRole.MANAGER);
    users.createUser("caf-i-reviewer", "reviewer-password-1", false);
    users.grant("caf-i-reviewer", "CAF-I", OperationRole.REVIEWER);
    users.createUser("caf-i-dp", "protection-password-1", false);
    users.grant("caf-i-dp", "CAF-I", OperationRole.DATA_PROTECTION);
    String flagsUrl = url("/api/v1/operations/CAF-I/rounds/1/flags");

    assertThat(anonymous.getForEntity(flagsUrl, String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    TestRestTemplate partner = anonymous.withBasicAuth("caf-partner", "partner-password-1");
    assertThat(partner.getForEntity(flagsUrl, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    TestRestTemplate otherManager = anonymous.withBasicAuth("caf-j-manager", "manager-password-1");
    assertThat(otherManager.getForEntity(flagsUrl, String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            otherManager
                .postForEntity(
                    url("/api/v1/operations/CAF-I/rounds"),
                    Map.of("number", 2, "reportingDate", "2024-02-29"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    TestRestTemplate dataProtection = anonymous.withBasicAuth("caf-i-dp", "protection-password-1");
    assertThat(dataProtection.getForEntity(flagsUrl, String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    TestRestTemplate reviewer = anonymous.withBasicAuth("caf-i-reviewer", "reviewer-password-1");
    assertThat(reviewer.getForEntity(flagsUrl, String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    // a reviewer signs off but does not import or open rounds
    assertThat(
            reviewer
                .postForEntity(
                    url("/api/v1/operations/CAF-I/rounds"),
                    Map.of("number", 2, "reportingDate", "2024-02-29"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            reviewer
                .postForEntity(url("/api/v1/operations/CAF-I/rounds/1/review"), null, String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void importsFromTheCommandLine() throws Exception {
    TrackingFixtures.operationWithGeography(geography, jdbc, "CAF-K");
    createRound("CAF-K", 1, "2024-03-31");
    CliCommand command =
        commands.stream().filter(c -> c.name().equals("import-assessments")).findFirst().get();
    Path good = Files.createTempFile("assessments", ".csv");
    Path bad = Files.createTempFile("assessments", ".csv");
    try {
      Files.writeString(good, "P,N\n#adm2+code,#affected+idps+ind\nCAF0101,40\nCAF0102,60\n");
      Files.writeString(bad, "P,N\n#adm2+code,#affected+idps+ind\nCAF0101,forty\n");
      assertThat(
              command.run(List.of("--operation=CAF-K", "--round=1", "--type=SA", good.toString())))
          .isZero();
      assertThat(
              command.run(List.of("--operation=CAF-K", "--round=1", "--type=SA", bad.toString())))
          .isEqualTo(1);
      assertThat(command.run(List.of("--operation=CAF-K", good.toString()))).isEqualTo(1);
      var page =
          admin()
              .getForEntity(
                  url("/api/v1/operations/CAF-K/rounds/1/assessments?type=SA"), JsonNode.class);
      assertThat(page.getBody().path("total").asLong()).isEqualTo(2);
    } finally {
      Files.deleteIfExists(good);
      Files.deleteIfExists(bad);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String dtm(
      String admin1, String admin1Name, String admin2, String admin2Name, int idps, String reason) {
    return """
        {"id": 1, "operation": "Test", "admin0Name": "Central African Republic",
         "admin0Pcode": "CAF", "admin1Name": %s, "admin1Pcode": %s, "admin2Name": %s,
         "admin2Pcode": %s, "numPresentIdpInd": %d, "reportingDate": "2024-03-31T00:00:00",
         "yearReportingDate": 2024, "monthReportingDate": 3, "roundNumber": 3,
         "displacementReason": "%s", "numberMales": null, "numberFemales": null,
         "idpOriginAdmin1Name": "Not available", "idpOriginAdmin1Pcode": "Not available",
         "assessmentType": "BA", "extra": {"nested": [1, 2]}}
        """
        .formatted(q(admin1Name), q(admin1), q(admin2Name), q(admin2), idps, reason);
  }

  private static String q(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }

  private ResponseEntity<JsonNode> createRound(String operation, int number, String date) {
    return admin()
        .postForEntity(
            url("/api/v1/operations/" + operation + "/rounds"),
            Map.of("number", number, "reportingDate", date),
            JsonNode.class);
  }

  private ResponseEntity<JsonNode> upload(
      String operation, int round, String name, String content, Map<String, String> fields) {
    return upload(operation, round, name, content.getBytes(StandardCharsets.UTF_8), fields);
  }

  private ResponseEntity<JsonNode> upload(
      String operation, int round, String name, byte[] content, Map<String, String> fields) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(content) {
          @Override
          public String getFilename() {
            return name;
          }
        });
    fields.forEach(body::add);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return admin()
        .postForEntity(
            url("/api/v1/operations/" + operation + "/rounds/" + round + "/imports"),
            new HttpEntity<>(body, headers),
            JsonNode.class);
  }

  private List<JsonNode> flags(String operation, int round, String query) {
    var response =
        admin()
            .getForEntity(
                url("/api/v1/operations/" + operation + "/rounds/" + round + "/flags" + query),
                JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<JsonNode> list = new ArrayList<>();
    response.getBody().forEach(list::add);
    return list;
  }

  private ResponseEntity<JsonNode> justify(String operation, int round, long flag, String text) {
    return post(
        "/api/v1/operations/"
            + operation
            + "/rounds/"
            + round
            + "/flags/"
            + flag
            + "/justification",
        Map.of("justification", text));
  }

  private ResponseEntity<JsonNode> post(String path, Object body) {
    return admin().postForEntity(url(path), body, JsonNode.class);
  }

  private ResponseEntity<JsonNode> putJson(String path, Object body) {
    return admin().exchange(url(path), HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
  }

  private void delete(String path) {
    var response = admin().exchange(url(path), HttpMethod.DELETE, null, JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  private long assessmentId(String operation, int round, String place) {
    return admin()
        .getForEntity(
            url(
                "/api/v1/operations/"
                    + operation
                    + "/rounds/"
                    + round
                    + "/assessments?place="
                    + place),
            JsonNode.class)
        .getBody()
        .path("items")
        .get(0)
        .path("id")
        .asLong();
  }

  private long originOf(String operation, int round, String place) {
    return admin()
        .getForEntity(
            url(
                "/api/v1/operations/"
                    + operation
                    + "/rounds/"
                    + round
                    + "/assessments?place="
                    + place),
            JsonNode.class)
        .getBody()
        .path("items")
        .get(0)
        .path("figures")
        .get(0)
        .path("originAdminUnitId")
        .asLong();
  }
}
