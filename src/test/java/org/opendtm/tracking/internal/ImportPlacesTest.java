package org.opendtm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendtm.geography.Location;
import org.opendtm.geography.LocationKind;

/** Rows merge into one assessment per type and place, wherever in the file they come. */
class ImportPlacesTest {

  @Test
  void rowsOfAPlaceMergeWhereverTheyComeAndKeepTheFirstRowAndTheEarliestDates() {
    ImportPlaces places = new ImportPlaces();
    assertThat(places.place(location("BA", 7, 3, null, 10))).isZero();
    assertThat(places.place(location("BA", 8, 5, LocalDate.of(2024, 3, 2), 11))).isEqualTo(1);
    assertThat(places.place(location("SA", 7, null, null, 12))).isEqualTo(2);
    // location 7 again, after another place: same assessment
    assertThat(places.place(location("BA", 7, 6, LocalDate.of(2024, 3, 5), 13))).isZero();
    assertThat(places.place(location("BA", 7, 4, LocalDate.of(2024, 3, 1), 14))).isZero();

    ImportPlaces.Place seven = places.list().get(0);
    assertThat(seven.informants).isEqualTo(6);
    assertThat(seven.collectedOn).isEqualTo(LocalDate.of(2024, 3, 1));
    assertThat(seven.sourceRow).isEqualTo(10);
    assertThat(places.size()).isEqualTo(3);
  }

  @Test
  void aLocationTheImportCreatesIsOnePlaceWhateverTheCaseOfItsCode() {
    ImportPlaces places = new ImportPlaces();
    StagingTable.Row lower = unit("SA", 1L, "CAF0101");
    lower.locationCode = "caf0101-s09";
    lower.place = "caf0101-s09";
    StagingTable.Row upper = unit("SA", 1L, "CAF0101");
    upper.locationCode = "CAF0101-S09";
    upper.place = "CAF0101-S09";
    assertThat(places.place(lower)).isZero();
    assertThat(places.place(upper)).isZero();
    // the unit alone is another place
    assertThat(places.place(unit("SA", 1L, "CAF0101"))).isEqualTo(1);

    places.locationsCreated(
        List.of(new Location(40, "CAF0101-S09", "Ndele", LocationKind.SITE, 2, null, null, null)));
    ImportPlaces.Place created = places.list().get(0);
    assertThat(created.locationId).isEqualTo(40);
    assertThat(created.place).isEqualTo("CAF0101-S09");
    assertThat(created.adminUnitId).isEqualTo(2);
  }

  @Test
  void unitsTheImportCreatesGetTheirIdsAndDtmRecordsKeepTheFinestLevel() {
    ImportPlaces places = new ImportPlaces();
    StagingTable.Row country = unit("BA", null, "CAF");
    country.level = 0;
    StagingTable.Row district = unit("BA", null, "CAF0101");
    district.level = 2;
    places.place(country);
    places.place(district);
    places.unitsCreated(Map.of("CAF", 1L, "CAF0101", 3L));
    assertThat(places.list()).extracting(p -> p.adminUnitId).containsExactly(1L, 3L);
    assertThat(places.list()).filteredOn(p -> places.keeps(p, true)).hasSize(1);
    assertThat(places.list()).filteredOn(p -> places.keeps(p, false)).hasSize(2);
  }

  private static StagingTable.Row location(
      String type, long id, Integer informants, LocalDate collected, long row) {
    StagingTable.Row r = new StagingTable.Row();
    r.assessmentType = type;
    r.locationId = id;
    r.locationCode = "L" + id;
    r.place = "L" + id;
    r.adminUnitId = 1L;
    r.informants = informants;
    r.collectedOn = collected;
    r.sourceRow = row;
    return r;
  }

  private static StagingTable.Row unit(String type, Long id, String pcode) {
    StagingTable.Row r = new StagingTable.Row();
    r.assessmentType = type;
    r.adminUnitId = id;
    r.unitPcode = pcode;
    r.place = pcode;
    return r;
  }
}
