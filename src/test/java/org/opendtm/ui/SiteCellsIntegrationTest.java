package org.opendtm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.NewOperation;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The dashboard's sites layer is grouped on the server: a map receives a bounded number of cells
 * whatever the number of places, every place of the view is counted once, and a cell of one place
 * names it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteCellsIntegrationTest extends ApiTestSupport {

  private static final String OP = "CELLS";
  private static final int SIDE = 60; // a 60 × 60 grid of places, 0.01° apart: 3,600 places

  @Autowired GeographyManagement geography;

  @BeforeAll
  void fixture() {
    var op = geography.createOperation(new NewOperation(OP, "Cells", "CAF"));
    var units =
        geography.createProvisionalUnits(
            op.id(),
            List.of(
                new NewAdminUnit(0, "CAF", "Central African Republic", null),
                new NewAdminUnit(1, "CAF01", "Bamingui", "CAF")));
    long unit = units.get(units.size() - 1).id();
    List<NewLocation> places = new ArrayList<>();
    for (int i = 0; i < SIDE; i++) {
      for (int j = 0; j < SIDE; j++) {
        places.add(
            new NewLocation(
                "S" + i + "-" + j,
                "Site " + i + "-" + j,
                LocationKind.SITE,
                unit,
                6.0 + i * 0.01,
                20.0 + j * 0.01));
      }
    }
    // and one without coordinates, never on a map
    places.add(new NewLocation("NOWHERE", "Nowhere", LocationKind.VILLAGE, unit, null, null));
    geography.upsertLocations(op.id(), places);
  }

  @Test
  void theWholeOperationAtALowZoomIsAFewCellsCountingEveryPlace() {
    JsonNode answer = sites("zoom=5&bbox=19,5,22,7");
    assertThat(answer.path("places").asLong()).isEqualTo(SIDE * SIDE);
    assertThat(sum(answer)).isEqualTo(SIDE * SIDE);
    assertThat(answer.path("cells").size()).isBetween(1, 10);
    // a cell's mark sits among its places
    for (JsonNode cell : answer.path("cells")) {
      assertThat(cell.get(0).asDouble()).isBetween(6.0, 6.0 + SIDE * 0.01);
      assertThat(cell.get(1).asDouble()).isBetween(20.0, 20.0 + SIDE * 0.01);
    }
  }

  @Test
  void zoomedInEachPlaceIsItsOwnCellWithItsName() {
    // 0.05° × 0.05° around the corner: 5 × 5 places (plus the edges' neighbours), at zoom 14
    // a cell of 48 px is about 0.0066°, smaller than the 0.01° between places
    JsonNode answer = sites("zoom=14&bbox=19.995,5.995,20.045,6.045");
    assertThat(answer.path("places").asLong()).isEqualTo(25);
    assertThat(answer.path("cells").size()).isEqualTo(25);
    JsonNode first = answer.path("cells").get(0);
    assertThat(first.get(2).asInt()).isEqualTo(1);
    assertThat(first.get(3).asText()).startsWith("S");
    assertThat(first.get(4).asText()).startsWith("Site ");
    assertThat(first.get(5).asText()).isEqualTo("SITE");
  }

  @Test
  void aHugeZoomOverTheWholeWorldStillSendsBoundedCells() {
    JsonNode answer = sites("zoom=24");
    assertThat(answer.path("places").asLong()).isEqualTo(SIDE * SIDE);
    // cells no smaller than 1/100 of the view's side (3.6° for the world): one cell here
    assertThat(answer.path("cells").size()).isEqualTo(1);
    assertThat(answer.path("cells").get(0).get(3).isNull()).isTrue();
  }

  @Test
  void refusesANonsenseViewNamingEachBadParameter() {
    ResponseEntity<String> answer =
        admin()
            .getForEntity(
                url("/app/operations/" + OP + "/sites?zoom=99&bbox=30,5,20"), String.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> text =
        admin()
            .getForEntity(
                url("/app/operations/" + OP + "/sites?zoom=x&bbox=30,5,20,7"), String.class);
    assertThat(text.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(text.getBody()).contains("bbox").contains("zoom");
  }

  private JsonNode sites(String query) {
    ResponseEntity<JsonNode> answer =
        admin().getForEntity(url("/app/operations/" + OP + "/sites?" + query), JsonNode.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private static long sum(JsonNode answer) {
    long total = 0;
    for (JsonNode cell : answer.path("cells")) total += cell.get(2).asLong();
    return total;
  }
}
