package org.opendtm.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.OperationSettings;
import org.opendtm.platform.OpenDtmException;
import org.springframework.beans.factory.annotation.Autowired;

/** Small-cell and secondary suppression in the DTM API and the HXL export, across revisions. */
class DisclosureIntegrationTest extends PublicationTestSupport {

  @Autowired GeographyManagement geography;

  private PublicationTestData operation(String code) {
    return PublicationTestData.operation(jdbc, code, "Ops " + code, "XDC", "Discloria", 2)
        .unit(0, "XDC", "Discloria", null)
        .unit(1, code + "-A", "Alpha", "XDC")
        .unit(2, code + "-A1", "Alpha One", code + "-A")
        .unit(2, code + "-A2", "Alpha Two", code + "-A")
        .unit(2, code + "-A3", "Alpha Three", code + "-A");
  }

  /** admin2 P-code -> numPresentIdpInd (null when suppressed). */
  private Map<String, JsonNode> admin2(String operation) {
    JsonNode body =
        anonymous
            .getForEntity(url("/dtm/v3/displacement/admin2?Operation=" + operation), JsonNode.class)
            .getBody();
    Map<String, JsonNode> result = new HashMap<>();
    body.path("result").forEach(r -> result.put(r.path("admin2Pcode").asText(), r));
    return result;
  }

  @Test
  void aSmallCellAndItsSmallestComplementAreNullAndTheTotalsStay() {
    PublicationTestData data = operation("DSC1");
    long round = data.round(1, LocalDate.of(2024, 1, 31));
    data.figure(
            data.assessment(round, "BA", "DSC1-A1"), "IDP", "Conflict", null, 100, 500, 250, 250)
        .figure(data.assessment(round, "BA", "DSC1-A2"), "IDP", "Conflict", null, 2, 6, 3, 3)
        .figure(data.assessment(round, "BA", "DSC1-A3"), "IDP", "Conflict", null, 20, 80, 40, 40);
    publish(data, round);

    Map<String, JsonNode> cells = admin2("DSC1");
    assertThat(cells).hasSize(3); // suppressed records are kept, their counts null
    assertThat(cells.get("DSC1-A1").path("numPresentIdpInd").asLong()).isEqualTo(500);
    // primary: 6 individuals (2 households)
    assertThat(cells.get("DSC1-A2").path("numPresentIdpInd").isNull()).isTrue();
    assertThat(cells.get("DSC1-A2").path("numberMales").isNull()).isTrue();
    // secondary: the admin-1 total would give A2 away; the smaller other child (80) hides too
    assertThat(cells.get("DSC1-A3").path("numPresentIdpInd").isNull()).isTrue();
    assertThat(cells.get("DSC1-A3").path("numberMales").isNull()).isTrue();

    JsonNode admin1 =
        anonymous
            .getForEntity(url("/dtm/v3/displacement/admin1?Operation=DSC1"), JsonNode.class)
            .getBody()
            .path("result")
            .get(0);
    assertThat(admin1.path("numPresentIdpInd").asLong()).isEqualTo(586);

    String csv =
        anonymous
            .getForEntity(
                url("/public/api/operations/DSC1/displacement.csv?adminLevel=2"), String.class)
            .getBody();
    String a2 = csv.lines().filter(l -> l.contains("DSC1-A2")).findFirst().orElseThrow();
    // numPresentIdpInd, numberMales and numberFemales are empty in the HXL file as well
    assertThat(a2).doesNotContain(",6,").doesNotContain(",3,");
    String a1 = csv.lines().filter(l -> l.contains("DSC1-A1")).findFirst().orElseThrow();
    assertThat(a1).contains(",500,");
  }

  @Test
  void aCellHiddenInRevisionOneStaysHiddenInRevisionTwo() {
    PublicationTestData data = operation("DSC2");
    long round = data.round(1, LocalDate.of(2024, 2, 29));
    long a1 = data.assessment(round, "BA", "DSC2-A1");
    long a2 = data.assessment(round, "BA", "DSC2-A2");
    long a3 = data.assessment(round, "BA", "DSC2-A3");
    data.figure(a1, "IDP", "Conflict", null, 100, 500, 250, 250)
        .figure(a2, "IDP", "Conflict", null, 2, 6, 3, 3)
        .figure(a3, "IDP", "Conflict", null, 20, 80, 40, 40);
    publish(data, round);
    assertThat(admin2("DSC2").get("DSC2-A2").path("numPresentIdpInd").isNull()).isTrue();

    // revision 2 corrects A1 only: publishing A2 or A3 now would let anyone difference A2's 6
    // out of the two revisions' admin-1 totals
    data.deleteFigures(round);
    data.figure(
            data.assessment(round, "BA", "DSC2-A1"), "IDP", "Conflict", null, 100, 520, 260, 260)
        .figure(data.assessment(round, "BA", "DSC2-A2"), "IDP", "Conflict", null, 2, 6, 3, 3)
        .figure(data.assessment(round, "BA", "DSC2-A3"), "IDP", "Conflict", null, 20, 80, 40, 40);
    publish(data, round);

    await(
        "revision 2 to be shown",
        () -> admin2("DSC2").get("DSC2-A1").path("numPresentIdpInd").asLong() == 520);
    Map<String, JsonNode> cells = admin2("DSC2");
    assertThat(cells.get("DSC2-A1").path("numPresentIdpInd").asLong()).isEqualTo(520);
    assertThat(cells.get("DSC2-A2").path("numPresentIdpInd").isNull()).isTrue();
    assertThat(cells.get("DSC2-A3").path("numPresentIdpInd").isNull()).isTrue();
    assertThat(
            jdbc.sql(
                    """
                    select count(distinct revision) from publication.disclosure_run
                     where round_id = :round
                    """)
                .param("round", round)
                .query(Integer.class)
                .single())
        .isEqualTo(2);
  }

  @Test
  void thresholdBelowFiveIsRefusedAndAHigherOneHidesMore() {
    PublicationTestData data = operation("DSC3");
    long round = data.round(1, LocalDate.of(2024, 3, 31));
    data.figure(
            data.assessment(round, "BA", "DSC3-A1"), "IDP", "Conflict", null, 100, 500, 250, 250)
        .figure(data.assessment(round, "BA", "DSC3-A3"), "IDP", "Conflict", null, 20, 80, 40, 40);
    publish(data, round);
    assertThat(admin2("DSC3").get("DSC3-A3").path("numPresentIdpInd").asLong()).isEqualTo(80);

    OperationSettings defaults = OperationSettings.defaults();
    assertThatThrownBy(
            () ->
                geography.updateSettings(
                    "DSC3",
                    new OperationSettings(
                        defaults.minHouseholdSize(),
                        defaults.maxHouseholdSize(),
                        defaults.changeThreshold(),
                        defaults.changeMinimumIndividuals(),
                        defaults.publicAdminLevel(),
                        4)))
        .isInstanceOf(OpenDtmException.class)
        .hasMessageContaining("invalid");

    geography.updateSettings(
        "DSC3",
        new OperationSettings(
            defaults.minHouseholdSize(),
            defaults.maxHouseholdSize(),
            defaults.changeThreshold(),
            defaults.changeMinimumIndividuals(),
            defaults.publicAdminLevel(),
            25)); // 20 households < 25: A3 is now a small cell
    Map<String, JsonNode> cells = admin2("DSC3");
    assertThat(cells.get("DSC3-A3").path("numPresentIdpInd").isNull()).isTrue();
    // A3's 80 was public under the old threshold: hiding A1 as its complement would protect
    // nothing, so A1 stays (the engine never spends a complement on a value already out)
    assertThat(cells.get("DSC3-A1").path("numPresentIdpInd").asLong()).isEqualTo(500);
  }
}
