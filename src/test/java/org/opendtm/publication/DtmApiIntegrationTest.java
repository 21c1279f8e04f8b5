package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The DTM API v3 contract and the HXL export, anonymous, field by field. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DtmApiIntegrationTest extends PublicationTestSupport {

  static final List<String> ADMIN0_FIELDS =
      List.of(
          "operation",
          "admin0Name",
          "admin0Pcode",
          "numPresentIdpInd",
          "reportingDate",
          "yearReportingDate",
          "monthReportingDate",
          "roundNumber",
          "displacementReason",
          "numberMales",
          "numberFemales",
          "idpOriginAdmin1Name",
          "idpOriginAdmin1Pcode",
          "assessmentType");

  static final String INJECTION = "=HYPERLINK(\"http://x\")";

  @BeforeAll
  void fixtures() {
    PublicationTestData chad =
        PublicationTestData.operation(jdbc, "PUB-DTM", "Lake Chad Crisis", "XLC", "Lacustria", 2)
            .unit(0, "XLC", "Lacustria", null)
            .unit(1, "TD07", "Lac", "XLC")
            .unit(1, "TD08", "Kanem", "XLC")
            .unit(2, "TD07001", "Bol", "TD07")
            .unit(2, "TD07002", INJECTION, "TD07");
    long round1 = chad.round(1, LocalDate.of(2017, 9, 30));
    long bol = chad.assessment(round1, "BA", "TD07001");
    chad.figure(bol, "IDP", "Conflict", "TD08", 100, 500, 200, 300)
        .figure(bol, "IDP", null, null, 10, 50, null, null)
        .figure(bol, "RETURNEE", "Conflict", null, 5, 25, 10, 15);
    publish(chad, round1);
    long round2 = chad.round(2, LocalDate.of(2017, 12, 31));
    long other = chad.assessment(round2, "BA", "TD07002");
    chad.figure(other, "IDP", "Conflict", null, 10, 40, 20, 20);
    publish(chad, round2);

    // public only down to admin 1
    PublicationTestData coarse =
        PublicationTestData.operation(
                jdbc, "PUB-CAF", "CAR Crisis", "XCR", "Centralia", 2, "{\"publicAdminLevel\": 1}")
            .unit(0, "XCR", "Centralia", null)
            .unit(1, "CF11", "Ouham", "XCR")
            .unit(2, "CF111", "Bossangoa", "CF11");
    long carRound = coarse.round(1, LocalDate.of(2020, 1, 31));
    long site = coarse.assessment(carRound, "SA", "CF111");
    coarse.figure(site, "IDP", "Conflict", null, 3, 9, 4, 5);
    publish(coarse, carRound);

    // never published: invisible
    PublicationTestData.operation(jdbc, "PUB-NONE", "Unpublished", "NER", "Niger", 2);
  }

  JsonNode get(String path) {
    ResponseEntity<JsonNode> response = anonymous.getForEntity(url(path), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("application/json");
    return response.getBody();
  }

  static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void admin0RecordsHaveTheRealApisFieldsTypesAndEnvelope() {
    JsonNode body = get("/dtm/v3/displacement/admin0?Operation=Lake Chad Crisis");
    assertThat(names(body))
        .containsExactly("result", "statusCode", "isSuccess", "errorMessages", "totalRecordsCount");
    assertThat(body.path("statusCode").asInt()).isEqualTo(200);
    assertThat(body.path("isSuccess").isBoolean()).isTrue();
    assertThat(body.path("isSuccess").asBoolean()).isTrue();
    assertThat(body.path("errorMessages").isArray()).isTrue();
    assertThat(body.path("errorMessages")).isEmpty();
    JsonNode result = body.path("result");
    assertThat(body.path("totalRecordsCount").asInt()).isEqualTo(3).isEqualTo(result.size());

    JsonNode conflict = result.get(0);
    assertThat(names(conflict)).containsExactlyElementsOf(ADMIN0_FIELDS);
    assertThat(conflict.path("operation").asText()).isEqualTo("Lake Chad Crisis");
    assertThat(conflict.path("admin0Name").asText()).isEqualTo("Lacustria");
    assertThat(conflict.path("admin0Pcode").asText()).isEqualTo("XLC");
    assertThat(conflict.path("numPresentIdpInd").isIntegralNumber()).isTrue();
    assertThat(conflict.path("numPresentIdpInd").asLong()).isEqualTo(500);
    assertThat(conflict.path("reportingDate").asText()).isEqualTo("2017-09-30T00:00:00");
    assertThat(conflict.path("yearReportingDate").asInt()).isEqualTo(2017);
    assertThat(conflict.path("monthReportingDate").asInt()).isEqualTo(9);
    assertThat(conflict.path("roundNumber").asInt()).isEqualTo(1);
    assertThat(conflict.path("displacementReason").asText()).isEqualTo("Conflict");
    assertThat(conflict.path("numberMales").asLong()).isEqualTo(200);
    assertThat(conflict.path("numberFemales").asLong()).isEqualTo(300);
    assertThat(conflict.path("idpOriginAdmin1Name").asText()).isEqualTo("Kanem");
    assertThat(conflict.path("idpOriginAdmin1Pcode").asText()).isEqualTo("TD08");
    assertThat(conflict.path("assessmentType").asText()).isEqualTo("BA");

    JsonNode unknown = result.get(1);
    assertThat(unknown.path("displacementReason").asText()).isEqualTo("Not reported");
    assertThat(unknown.path("numberMales").isNull()).isTrue();
    assertThat(unknown.path("idpOriginAdmin1Name").asText()).isEqualTo("Not available");
    assertThat(unknown.path("idpOriginAdmin1Pcode").asText()).isEqualTo("Not available");
    // returnees are not in the displacement API
    assertThat(result.findValuesAsText("numPresentIdpInd")).containsExactly("500", "50", "40");
  }

  @Test
  void admin1AndAdmin2RecordsAddIdAndTheirLevels() {
    JsonNode admin1 = get("/dtm/v3/displacement/admin1?CountryName=Lacustria").path("result");
    List<String> admin1Fields = new ArrayList<>(ADMIN0_FIELDS);
    admin1Fields.add(0, "id");
    admin1Fields.addAll(4, List.of("admin1Name", "admin1Pcode"));
    assertThat(names(admin1.get(0))).containsExactlyElementsOf(admin1Fields);
    assertThat(admin1.get(0).path("id").isIntegralNumber()).isTrue();
    assertThat(admin1.get(0).path("admin1Name").asText()).isEqualTo("Lac");

    JsonNode admin2 = get("/dtm/v3/displacement/admin2?Admin0Pcode=XLC").path("result");
    List<String> admin2Fields = new ArrayList<>(admin1Fields);
    admin2Fields.addAll(6, List.of("admin2Name", "admin2Pcode"));
    assertThat(names(admin2.get(0))).containsExactlyElementsOf(admin2Fields);
    assertThat(admin2.findValuesAsText("admin2Pcode"))
        .containsExactly("TD07001", "TD07001", "TD07002");
    assertThat(admin2.findValuesAsText("id")).doesNotHaveDuplicates();
  }

  @Test
  void filtersAndParameterNamesIgnoreCase() {
    assertThat(
            get("/dtm/v3/displacement/admin2?operation=LAKE CHAD CRISIS&admin2pcode=td07002")
                .path("result")
                .findValuesAsText("numPresentIdpInd"))
        .containsExactly("40");
    assertThat(
            get("/dtm/v3/displacement/admin1?ADMIN0PCODE=xlc&FROMROUNDNUMBER=2&toRoundNumber=2")
                .path("totalRecordsCount")
                .asInt())
        .isEqualTo(1);
    assertThat(
            get("/dtm/v3/displacement/admin0?CountryName=Lacustria&FromReportingDate=2017-01-01"
                    + "&ToReportingDate=2017-10-31")
                .path("result")
                .findValuesAsText("roundNumber"))
        .containsOnly("1");
    assertThat(
            get("/dtm/v3/displacement/admin1?CountryName=Lacustria&Admin1Name=kanem")
                .path("totalRecordsCount")
                .asInt())
        .isZero();
    // an operation that nobody knows is an empty answer, not an error
    assertThat(get("/dtm/v3/displacement/admin0?Operation=Nowhere").path("result")).isEmpty();
  }

  @Test
  void theSubscriptionKeyHeaderIsIgnoredAndNoLoginIsNeeded() {
    HttpHeaders headers = new HttpHeaders();
    headers.set("Ocp-Apim-Subscription-Key", "whatever");
    var response =
        anonymous.exchange(
            url("/dtm/v3/displacement/admin0?Admin0Pcode=XLC"),
            HttpMethod.GET,
            new HttpEntity<>(headers),
            JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody().path("totalRecordsCount").asInt()).isEqualTo(3);
  }

  @Test
  void levelsFinerThanTheOperationsPublicLevelAreNotShown() {
    assertThat(get("/dtm/v3/displacement/admin1?Operation=CAR Crisis").path("result")).hasSize(1);
    assertThat(get("/dtm/v3/displacement/admin2?Operation=CAR Crisis").path("result")).isEmpty();
  }

  @Test
  void countryAndOperationListsShowOnlyPublishedOperations() {
    JsonNode countries = get("/dtm/v3/displacement/country-list").path("result");
    assertThat(countries.findValuesAsText("admin0Pcode"))
        .contains("XLC", "XCR")
        .doesNotContain("NER");
    assertThat(names(countries.get(0))).containsExactly("admin0Name", "admin0Pcode");

    for (String path : List.of("operation-list", "operation-List")) {
      JsonNode body = get("/dtm/v3/displacement/" + path);
      JsonNode operations = body.path("result");
      assertThat(body.path("totalRecordsCount").asInt()).isEqualTo(operations.size());
      assertThat(operations.findValuesAsText("operation"))
          .contains("Lake Chad Crisis", "CAR Crisis")
          .doesNotContain("Unpublished");
      JsonNode chad =
          operations.get(operations.findValuesAsText("operation").indexOf("Lake Chad Crisis"));
      assertThat(names(chad))
          .containsExactly("operation", "operationStatus", "admin0Name", "admin0Pcode");
      assertThat(chad.path("operationStatus").asText()).isEqualTo("Active");
      assertThat(chad.path("admin0Name").asText()).isEqualTo("Lacustria");
      assertThat(chad.path("admin0Pcode").asText()).isEqualTo("XLC");
    }
  }

  JsonNode error(String path) {
    ResponseEntity<JsonNode> response = anonymous.getForEntity(url(path), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode body = response.getBody();
    assertThat(names(body))
        .containsExactly("result", "statusCode", "isSuccess", "errorMessages", "totalRecordsCount");
    assertThat(body.path("result")).isEmpty();
    assertThat(body.path("statusCode").asInt()).isEqualTo(400);
    assertThat(body.path("isSuccess").asBoolean()).isFalse();
    assertThat(body.path("totalRecordsCount").asInt()).isZero();
    return body.path("errorMessages");
  }

  @Test
  void parameterErrorsAnswerInTheApisEnvelopeNamingEachParameter() {
    assertThat(error("/dtm/v3/displacement/admin0").get(0).asText())
        .contains("Operation", "CountryName", "Admin0Pcode");
    assertThat(error("/dtm/v3/displacement/admin1?Admin1Name=Lac").get(0).asText())
        .contains("Operation");
    assertThat(
            error("/dtm/v3/displacement/admin2?Operation=x&FromReportingDate=2017-13-01")
                .get(0)
                .asText())
        .contains("FromReportingDate", "2017-13-01", "YYYY-MM-DD");
    assertThat(
            error("/dtm/v3/displacement/admin0?Operation=x&ToReportingDate=30/09/2017")
                .get(0)
                .asText())
        .contains("ToReportingDate");
    assertThat(
            error(
                    "/dtm/v3/displacement/admin0?Operation=x&FromReportingDate=2018-01-01"
                        + "&ToReportingDate=2017-01-01")
                .get(0)
                .asText())
        .contains("FromReportingDate", "ToReportingDate");
    assertThat(error("/dtm/v3/displacement/admin0?Operation=x&FromRoundNumber=0").get(0).asText())
        .contains("FromRoundNumber", "1");
    assertThat(error("/dtm/v3/displacement/admin0?Operation=x&ToRoundNumber=two").get(0).asText())
        .contains("ToRoundNumber", "two");
    assertThat(
            error("/dtm/v3/displacement/admin0?Operation=x&FromRoundNumber=5&ToRoundNumber=3")
                .get(0)
                .asText())
        .contains("FromRoundNumber", "ToRoundNumber");
    // every problem at once
    assertThat(error("/dtm/v3/displacement/admin0?FromRoundNumber=-1&FromReportingDate=x"))
        .hasSize(3);
  }

  @Test
  void hxlExportHasHeaderTagsAndEscapesFormulas() {
    ResponseEntity<String> response =
        anonymous.getForEntity(
            url("/public/api/operations/PUB-DTM/displacement.csv?adminLevel=2"), String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getContentType().toString())
        .isEqualToIgnoringCase("text/csv;charset=UTF-8");
    assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
        .contains("attachment", "filename=\"PUB-DTM-displacement-admin2.csv\"");
    String[] lines = response.getBody().split("\r\n");
    assertThat(lines[0])
        .isEqualTo(
            "id,operation,admin0Name,admin0Pcode,admin1Name,admin1Pcode,admin2Name,admin2Pcode,"
                + "adminLevel,numPresentIdpInd,reportingDate,yearReportingDate,monthReportingDate,"
                + "roundNumber,displacementReason,numberMales,numberFemales,idpOriginAdmin1Name,"
                + "idpOriginAdmin1Pcode,assessmentType,operationStatus");
    assertThat(lines[1])
        .isEqualTo(
            "#id+code,#operation+name,#country+name,#country+code,#adm1+name,#adm1+code,"
                + "#adm2+name,#adm2+code,#adm+level,#affected+idps,#date+reported,"
                + "#date+year+reported,#date+month+reported,#round+code,#cause+type,"
                + "#affected+idps+m,#affected+idps+f,#adm1+name+origin,#adm1+code+origin,"
                + "#assessment+type,#operation+status");
    assertThat(lines).hasSize(5);
    assertThat(lines[2])
        .endsWith(
            ",Lake Chad Crisis,Lacustria,XLC,Lac,TD07,Bol,TD07001,2,500,2017-09-30T00:00:00,2017,9,1,"
                + "Conflict,200,300,Kanem,TD08,BA,Active");
    assertThat(lines[3]).contains(",Not reported,,,Not available,Not available,BA,Active");
    // the unit name that is a formula is defused; the quotes are CSV-escaped
    assertThat(lines[4]).contains(",\"'=HYPERLINK(\"\"http://x\"\")\",TD07002,");

    ResponseEntity<String> admin1 =
        anonymous.getForEntity(
            url(
                "/public/api/operations/PUB-DTM/displacement.csv?adminLevel=1&fromRound=2&toRound=2"),
            String.class);
    assertThat(admin1.getBody().split("\r\n")).hasSize(3);
  }

  @Test
  void hxlExportRefusesLevelsNotPublicAndUnknownOperations() {
    var tooFine =
        anonymous.getForEntity(
            url("/public/api/operations/PUB-CAF/displacement.csv?adminLevel=2"), JsonNode.class);
    assertThat(tooFine.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(tooFine.getBody().path("errors").findValuesAsText("field")).contains("adminLevel");
    assertThat(
            anonymous
                .getForEntity(url("/public/api/operations/PUB-NONE/displacement.csv"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }
}
