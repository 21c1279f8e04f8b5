package org.opendtm.geography;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.opendtm.access.OperationRole;
import org.opendtm.access.UserManagement;
import org.opendtm.support.ApiTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

class GeographyApiIntegrationTest extends ApiTestSupport {

  @Autowired GeographyManagement geography;
  @Autowired UserManagement users;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  private static final String CAF_LIST =
      """
      Country,Country code,Region,Region code,Prefecture,Prefecture P-code,Notes
      #country+name,#ADM0+PCODE,#adm1+name+i_en,#Adm1+Code,#adm2+name,#adm2 +pcode,#meta+notes
      Central African Republic,CF,Bangui,CF71,Bangui,CF711,capital
      Central African Republic,CF,Ombella-M'Poko,CF11,Bimbo,CF111,
      Central African Republic,CF,Ombella-M'Poko,CF11,Boali,CF112,
      """;

  // --- P-code lists -----------------------------------------------------------------------------

  @Test
  void importsAPcodeListCsvWithTagVariantsAndReportsExtraColumns() {
    operation("CAF-CSV", "CAF");
    var response = upload(admin(), "CAF-CSV", "imports", CAF_LIST, "list.csv", Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode report = response.getBody();
    assertThat(report.path("kind").asText()).isEqualTo("PCODES");
    assertThat(report.path("created").asInt()).isEqualTo(6);
    assertThat(texts(report.path("columnsIgnored"))).containsExactly("#meta+notes");
    assertThat(texts(report.path("columnsRecognised")))
        .contains("#adm0+pcode", "#adm1+code", "#adm1+i_en+name", "#adm2+pcode");

    JsonNode prefectures = get(admin(), "CAF-CSV", "units?level=2").getBody();
    assertThat(prefectures.findValuesAsText("pcode")).containsExactly("CF111", "CF112", "CF711");
    assertThat(prefectures.get(0).path("parentPcode").asText()).isEqualTo("CF11");

    JsonNode region = get(admin(), "CAF-CSV", "units/cf11").getBody();
    assertThat(region.path("unit").path("name").asText()).isEqualTo("Ombella-M'Poko");
    assertThat(region.path("parent").path("pcode").asText()).isEqualTo("CF");
    assertThat(region.path("children").findValuesAsText("pcode")).containsExactly("CF111", "CF112");

    // the same list again changes nothing
    JsonNode again =
        upload(admin(), "CAF-CSV", "imports", CAF_LIST, "list.csv", Map.of()).getBody();
    assertThat(again.path("unchanged").asInt()).isEqualTo(6);
    assertThat(again.path("created").asInt()).isZero();
    assertThat(again.path("retired").asInt()).isZero();
  }

  @Test
  void importsAPcodeListFromXlsx() throws IOException {
    operation("CAF-XLSX", "CAF");
    byte[] workbook;
    try (XSSFWorkbook book = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      var sheet = book.createSheet("adm2");
      String[][] rows = {
        {"ADM1_EN", "ADM1_PCODE", "ADM2_EN", "ADM2_PCODE"},
        {"#adm1+name", "#adm1+pcode", "#adm2+name", "#adm2+pcode"},
        {"Bangui", "CF71", "Bangui", "CF711"},
        {"Lobaye", "CF12", "Mbaiki", "CF121"},
        {"Lobaye", "CF12", "Boda", "CF122"}
      };
      for (int r = 0; r < rows.length; r++) {
        var row = sheet.createRow(r);
        for (int c = 0; c < rows[r].length; c++) row.createCell(c).setCellValue(rows[r][c]);
      }
      book.write(out);
      workbook = out.toByteArray();
    }
    var response = upload(admin(), "CAF-XLSX", "imports", workbook, "list.xlsx", Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(response.getBody().path("format").asText()).isEqualTo("XLSX");
    assertThat(response.getBody().path("created").asInt()).isEqualTo(5);
    assertThat(get(admin(), "CAF-XLSX", "units?level=1").getBody().findValuesAsText("name"))
        .containsExactly("Lobaye", "Bangui");
  }

  @Test
  void reportsACodeColumnThatHoldsNames() {
    operation("CAF-NAMES", "CAF");
    String list =
        """
        Region,Region code
        #adm1+name,#adm1+code
        Bangui,Bangui
        Lobaye,Lobaye
        Ombella-M'Poko,Ombella-M'Poko
        """;
    var response = upload(admin(), "CAF-NAMES", "imports", list, "list.csv", Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    JsonNode error = response.getBody().path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("#adm1+code");
    assertThat(error.path("reason").asText()).contains("holds names");
    assertThat(get(admin(), "CAF-NAMES", "units").getBody()).isEmpty();
  }

  @Test
  void refusesBadRowsListingEachAndStoresNothing() {
    operation("CAF-BAD", "CAF");
    String list =
        """
        #adm1+name,#adm1+code,#adm2+name,#adm2+code
        Lobaye,CF12,Mbaiki,CF121
        Lobaye,,Boda,CF122
        Ombella-M'Poko,CF11,Bimbo,CF111
        Ombella,CF11,Boali,CF112
        Lobaye,CF12,Bimbo,CF111
        """;
    var response = upload(admin(), "CAF-BAD", "imports", list, "list.csv", Map.of());
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    JsonNode errors = response.getBody().path("errors");
    assertThat(errors.findValuesAsText("row")).containsExactly("3", "5", "6");
    assertThat(errors.get(0).path("reason").asText()).contains("missing P-code");
    assertThat(errors.get(1).path("reason").asText()).contains("different name");
    assertThat(errors.get(2).path("field").asText()).isEqualTo("#adm1+code");
    assertThat(errors.get(2).path("reason").asText()).contains("parent P-code");
    assertThat(get(admin(), "CAF-BAD", "units").getBody()).isEmpty();
  }

  // --- versions and crosswalks ------------------------------------------------------------------

  @Test
  void aNewVersionRenamesRetiresAndSplitsWithACrosswalk() {
    Operation op = operation("CAF-V", "CAF");
    String v1 =
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name
        CF,Centrafrique,CF11,Ombella
        CF,Centrafrique,CF12,Lobaye
        CF,Centrafrique,CF13,Mambere
        """;
    assertThat(upload(admin(), "CAF-V", "imports", v1, "v1.csv", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    long oldOmbella = geography.getUnit(op.id(), "CF11").id();

    String v2 =
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name
        CF,Centrafrique,CF11,Ombella-M'Poko
        CF,Centrafrique,CF14,Lobaye Nord
        CF,Centrafrique,CF15,Lobaye Sud
        """;
    JsonNode report =
        upload(admin(), "CAF-V", "imports", v2, "v2.csv", Map.of("validFrom", "2024-01-01"))
            .getBody();
    assertThat(report.path("validFrom").asText()).isEqualTo("2024-01-01");
    assertThat(report.path("created").asInt()).isEqualTo(2);
    assertThat(report.path("updated").asInt()).isEqualTo(1);
    assertThat(report.path("retired").asInt()).isEqualTo(2);
    assertThat(report.path("unchanged").asInt()).isEqualTo(1);

    assertThat(get(admin(), "CAF-V", "units?level=1").getBody().findValuesAsText("name"))
        .containsExactly("Ombella-M'Poko", "Lobaye Nord", "Lobaye Sud");
    assertThat(
            get(admin(), "CAF-V", "units?level=1&asOf=2023-06-30")
                .getBody()
                .findValuesAsText("name"))
        .containsExactly("Ombella", "Lobaye", "Mambere");
    // the rename is a new version linked to the old one
    AdminUnit newOmbella = geography.getUnit(op.id(), "CF11");
    assertThat(newOmbella.id()).isNotEqualTo(oldOmbella);
    assertThat(newOmbella.validFrom()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(geography.crosswalkToCurrent(oldOmbella))
        .containsExactly(new CrosswalkShare(newOmbella.id(), "CF11", 1.0));

    // shares that do not sum to 1 are refused, row by row
    String wrong =
        """
        from_pcode,to_pcode,share
        CF12,CF14,0.5
        CF12,CF15,0.4
        CF13,CF15,1
        """;
    var refused = upload(admin(), "CAF-V", "crosswalks", wrong, "cw.csv", Map.of());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("code").asText()).isEqualTo("INVALID_CROSSWALK");
    assertThat(refused.getBody().path("errors").findValuesAsText("row")).containsExactly("2", "3");
    long lobaye = geography.getUnit(op.id(), "CF12").id();
    assertThat(geography.crosswalkToCurrent(lobaye)).isEmpty();

    String split =
        """
        Old,New,Share
        #adm+code+from,#adm+code+to,#share
        CF12,CF14,0.6
        CF12,CF15,0.4
        CF13,CF15,1
        """;
    var accepted = upload(admin(), "CAF-V", "crosswalks", split, "cw.csv", Map.of());
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(accepted.getBody().path("created").asInt()).isEqualTo(3);

    JsonNode detail = get(admin(), "CAF-V", "units/CF12").getBody();
    assertThat(detail.path("unit").path("validTo").asText()).isEqualTo("2024-01-01");
    assertThat(detail.path("unit").path("current").asBoolean()).isFalse();
    assertThat(detail.path("currentShares").findValuesAsText("pcode"))
        .containsExactly("CF14", "CF15");
    assertThat(detail.path("currentShares").findValuesAsText("share"))
        .containsExactly("0.6", "0.4");
    JsonNode lobayeSud = get(admin(), "CAF-V", "units/CF15").getBody();
    assertThat(lobayeSud.path("predecessors").findValuesAsText("pcode"))
        .containsExactly("CF12", "CF13");

    // a later version renaming Lobaye Nord: the old Lobaye still reaches today's units
    String v3 =
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name
        CF,Centrafrique,CF11,Ombella-M'Poko
        CF,Centrafrique,CF14,Lobaye Haute
        CF,Centrafrique,CF15,Lobaye Sud
        """;
    upload(admin(), "CAF-V", "imports", v3, "v3.csv", Map.of("validFrom", "2025-01-01"));
    long lobayeHaute = geography.getUnit(op.id(), "CF14").id();
    assertThat(geography.crosswalkToCurrent(lobaye))
        .extracting(CrosswalkShare::unitId)
        .contains(lobayeHaute);
    assertThat(
            geography.crosswalkToCurrent(lobaye).stream().mapToDouble(CrosswalkShare::share).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  // --- boundaries and locations -----------------------------------------------------------------

  private static String square(String pcodeProperty, String pcode, double lon, double lat) {
    return """
        {"type":"Feature","properties":{"%s":"%s","name":"x"},
         "geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}
        """
        .formatted(
            pcodeProperty, pcode, lon, lat, lon + 1, lat, lon + 1, lat + 1, lon, lat + 1, lon, lat);
  }

  @Test
  void importsBoundariesAndFlagsLocationsOutsideTheirUnit() {
    operation("TCD-GEO", "TCD");
    String list =
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name
        TD,Tchad,TD01,Batha
        TD,Tchad,TD02,Borkou
        """;
    upload(admin(), "TCD-GEO", "imports", list, "list.csv", Map.of());

    // a self-intersecting ring (a bow tie) is repaired, not refused
    String bowTie =
        """
        {"type":"Feature","properties":{"ADM1_PCODE":"TD02"},
         "geometry":{"type":"Polygon","coordinates":[[[15,12],[16,13],[16,12],[15,13],[15,12]]]}}
        """;
    String unknown =
        "{\"type\":\"FeatureCollection\",\"features\":["
            + square("ADM1_PCODE", "TD01", 14, 12)
            + ","
            + square("ADM1_PCODE", "TD99", 15, 12)
            + "]}";
    var refused = upload(admin(), "TCD-GEO", "imports", unknown, "adm1.geojson", Map.of());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("errors").get(0).path("row").asInt()).isEqualTo(2);
    assertThat(refused.getBody().path("errors").get(0).path("reason").asText())
        .contains("unknown P-code");

    String geojson =
        "{\"type\":\"FeatureCollection\",\"features\":["
            + square("ADM1_PCODE", "TD01", 14, 12)
            + ","
            + bowTie
            + "]}";
    var boundaries = upload(admin(), "TCD-GEO", "imports", geojson, "adm1.geojson", Map.of());
    assertThat(boundaries.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(boundaries.getBody().path("kind").asText()).isEqualTo("BOUNDARIES");
    assertThat(boundaries.getBody().path("created").asInt()).isEqualTo(2);

    String sites =
        """
        Code,Name,Type,Lat,Lon,Province,Remarks
        #loc+code,#loc+name,#loc+type,#geo+lat,#geo+lon,#adm1+pcode,#meta+remarks
        S1,Camp A,camp,12.5,14.5,TD01,
        S2,Village B,village,12.5,15.8,TCD01,
        S3,Camp C,site,20,20,TD02,far away
        S4,Camp D,site,,,TD02,
        """;
    var imported = upload(admin(), "TCD-GEO", "imports", sites, "sites.csv", Map.of());
    assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode report = imported.getBody();
    assertThat(report.path("kind").asText()).isEqualTo("LOCATIONS");
    assertThat(report.path("created").asInt()).isEqualTo(4);
    assertThat(texts(report.path("columnsIgnored"))).containsExactly("#meta+remarks");
    JsonNode normalisation = report.path("pcodeNormalisations").get(0);
    assertThat(normalisation.path("row").asInt()).isEqualTo(4);
    assertThat(normalisation.path("written").asText()).isEqualTo("TCD01");
    assertThat(normalisation.path("pcode").asText()).isEqualTo("TD01");
    assertThat(normalisation.path("rule").asText()).isEqualTo("COUNTRY_PREFIX");
    JsonNode mismatches = report.path("boundaryMismatches");
    assertThat(mismatches.findValuesAsText("locationCode")).containsExactly("S2", "S3");
    assertThat(mismatches.get(0).path("boundaryPcode").asText()).isEqualTo("TD02");
    assertThat(mismatches.get(1).path("outside").asBoolean()).isTrue();

    JsonNode s2 = get(admin(), "TCD-GEO", "locations/S2").getBody();
    assertThat(s2.path("adminPcode").asText()).isEqualTo("TD01");
    assertThat(s2.path("boundaryPcode").asText()).isEqualTo("TD02");
    assertThat(s2.path("kind").asText()).isEqualTo("VILLAGE");
    assertThat(get(admin(), "TCD-GEO", "locations/S1").getBody().path("boundaryPcode").isNull())
        .isTrue();
    JsonNode inBorkou = get(admin(), "TCD-GEO", "locations?adminPcode=TD02").getBody();
    assertThat(inBorkou.path("content").findValuesAsText("code")).containsExactly("S3", "S4");
    JsonNode sitesPage =
        get(admin(), "TCD-GEO", "locations?adminPcode=TD&kind=site&size=2").getBody();
    assertThat(sitesPage.path("totalElements").asInt()).isEqualTo(3);
    assertThat(sitesPage.path("content")).hasSize(2);

    ResponseEntity<JsonNode> map = get(admin(), "TCD-GEO", "boundaries?level=1");
    assertThat(map.getHeaders().getContentType().toString()).startsWith("application/geo+json");
    assertThat(map.getBody().path("type").asText()).isEqualTo("FeatureCollection");
    assertThat(map.getBody().path("features").findValuesAsText("pcode"))
        .containsExactly("TD01", "TD02");
    assertThat(map.getBody().path("features").get(1).path("geometry").path("type").asText())
        .isEqualTo("MultiPolygon");

    // bad location rows: every one listed, nothing stored
    String bad =
        """
        #loc+code,#loc+name,#geo+lat,#geo+lon,#adm1+code
        S9,Camp Z,95,14,TD01
        S10,Camp Y,12,14,TD09
        ,Camp X,12,14,TD01
        S1,Camp A renamed,12.5,14.5,TD01
        """;
    var badRows = upload(admin(), "TCD-GEO", "imports", bad, "sites.csv", Map.of());
    assertThat(badRows.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    JsonNode errors = badRows.getBody().path("errors");
    assertThat(errors.findValuesAsText("row")).containsExactly("2", "3", "4");
    assertThat(errors.get(0).path("field").asText()).isEqualTo("#geo+lat");
    assertThat(errors.get(1).path("reason").asText()).isEqualTo("unknown admin unit");
    assertThat(get(admin(), "TCD-GEO", "locations/S1").getBody().path("name").asText())
        .isEqualTo("Camp A");
  }

  /**
   * A list longer than a chunk (10,000 rows) is stored while it is read: every chunk counted, an
   * unchanged row not written again, and an error in the last row still leaves nothing stored.
   */
  @Test
  void aLongListIsStoredChunkByChunkAndRewritesOnlyWhatChanged() {
    operation("TCD-BIG", "TCD");
    String units =
        """
        #adm0+code,#adm0+name,#adm1+code,#adm1+name
        TD,Tchad,TD01,Batha
        TD,Tchad,TD02,Borkou
        """;
    upload(admin(), "TCD-BIG", "imports", units, "list.csv", Map.of());
    int rows = 25_000;
    var refused = upload(admin(), "TCD-BIG", "imports", sites(rows, -1, rows), "s.csv", Map.of());
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("errors").get(0).path("row").asInt()).isEqualTo(rows + 2);
    assertThat(locationCount("TCD-BIG")).isZero();

    var created = upload(admin(), "TCD-BIG", "imports", sites(rows, -1, -1), "s.csv", Map.of());
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("created").asInt()).isEqualTo(rows);
    assertThat(locationCount("TCD-BIG")).isEqualTo(rows);

    // rows 2 and 24,000 renamed (first and third chunk); the others are left as they are
    Map<String, String> versions = rowVersions("TCD-BIG");
    var again = upload(admin(), "TCD-BIG", "imports", sites(rows, 0, -1), "s.csv", Map.of());
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(again.getBody().path("created").asInt()).isZero();
    assertThat(again.getBody().path("updated").asInt()).isEqualTo(2);
    assertThat(again.getBody().path("unchanged").asInt()).isEqualTo(rows - 2);
    Map<String, String> after = rowVersions("TCD-BIG");
    List<String> rewritten =
        after.keySet().stream()
            .filter(code -> !after.get(code).equals(versions.get(code)))
            .toList();
    assertThat(rewritten).containsExactlyInAnyOrder("S0", "S23998");
    assertThat(get(admin(), "TCD-BIG", "locations/S23998").getBody().path("name").asText())
        .isEqualTo("Renamed 23998");
  }

  /** Sites S0..S(n-1); {@code renamed} >= 0 renames S0 and S23998; {@code bad} adds a bad row. */
  private static String sites(int n, int renamed, int bad) {
    StringBuilder csv = new StringBuilder("#loc+code,#loc+name,#loc+type,#adm1+code\n");
    for (int i = 0; i < n; i++) {
      boolean rename = renamed >= 0 && (i == 0 || i == 23_998);
      csv.append('S').append(i).append(',').append(rename ? "Renamed " : "Site ").append(i);
      csv.append(",site,TD0").append(1 + i % 2).append('\n');
    }
    if (bad >= 0) csv.append("S").append(bad).append(",Site,site,TD99\n");
    return csv.toString();
  }

  private long locationCount(String operation) {
    return jdbc.sql(
            "select count(*) from geography.location l join geography.operation o"
                + " on o.id = l.operation_id where o.code = :op")
        .param("op", operation)
        .query(Long.class)
        .single();
  }

  /** Each location's row version: a row written again gets a new one. */
  private Map<String, String> rowVersions(String operation) {
    Map<String, String> versions = new java.util.HashMap<>();
    jdbc.sql(
            "select l.code, l.xmin::text as version from geography.location l"
                + " join geography.operation o on o.id = l.operation_id where o.code = :op")
        .param("op", operation)
        .query((rs, i) -> versions.put(rs.getString("code"), rs.getString("version")))
        .list();
    return versions;
  }

  // --- the Java API other modules use -----------------------------------------------------------

  @Test
  void createsProvisionalUnitsAndLocationsForAnOperationWithoutGeography() {
    Operation op = operation("NGA-PROV", "NGA");
    assertThat(geography.placeResolver(op.id()).hasGeography()).isFalse();
    List<AdminUnit> created =
        geography.createProvisionalUnits(
            op.id(),
            List.of(
                new NewAdminUnit(2, "NG008001", "Abadam", "NG008"),
                new NewAdminUnit(1, "NG008", "Borno", "NG"),
                new NewAdminUnit(0, "NG", "Nigeria", null)));
    assertThat(created).hasSize(3).allMatch(AdminUnit::provisional);
    assertThat(
            geography.createProvisionalUnits(
                op.id(), List.of(new NewAdminUnit(0, "NG", "Nigeria", null))))
        .isEmpty();

    PlaceResolver resolver = geography.placeResolver(op.id());
    PcodeMatch abadam = resolver.unit("NGA008001").orElseThrow();
    assertThat(abadam.rule()).isEqualTo("COUNTRY_PREFIX");
    assertThat(resolver.ancestor(abadam.unit(), 1).orElseThrow().pcode()).isEqualTo("NG008");
    assertThat(resolver.ancestor(abadam.unit(), 3)).isEmpty();

    List<Location> stored =
        geography.upsertLocations(
            op.id(),
            List.of(
                new NewLocation("L1", "Camp", LocationKind.SITE, abadam.unit().id(), 12.0, 13.0),
                new NewLocation(
                    "L2", "Village", LocationKind.VILLAGE, abadam.unit().id(), null, null)));
    assertThat(stored).extracting(Location::code).containsExactly("L1", "L2");
    assertThat(stored.get(0).boundaryUnitId()).isNull(); // no boundaries: nothing to check
    assertThat(geography.placeResolver(op.id()).location("L2")).isPresent();
    assertThat(
            get(admin(), "NGA-PROV", "locations?adminPcode=NG008")
                .getBody()
                .path("totalElements")
                .asInt())
        .isEqualTo(2);
    assertThat(geography.listUnits(op.id(), 1))
        .extracting(AdminUnit::pcode)
        .containsExactly("NG008");
  }

  // --- access -----------------------------------------------------------------------------------

  @Test
  void readsNeedARoleInTheOperationAndWritesNeedManager() {
    operation("CAF-ACCESS", "CAF");
    operation("CAF-OTHER", "CAF");
    users.createUser("geo-partner", "a-long-partner-password", false);
    users.grant("geo-partner", "CAF-OTHER", OperationRole.PARTNER);
    users.createUser("geo-reader", "a-long-reader-password", false);
    users.grant("geo-reader", "CAF-ACCESS", OperationRole.PARTNER);
    TestRestTemplate outsider = anonymous.withBasicAuth("geo-partner", "a-long-partner-password");
    TestRestTemplate reader = anonymous.withBasicAuth("geo-reader", "a-long-reader-password");

    assertThat(get(anonymous, "CAF-ACCESS", "units").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(
            upload(anonymous, "CAF-ACCESS", "imports", CAF_LIST, "l.csv", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get(outsider, "CAF-ACCESS", "units").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get(outsider, "CAF-ACCESS", "boundaries?level=1").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get(outsider, "CAF-ACCESS", "locations").getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            upload(outsider, "CAF-ACCESS", "imports", CAF_LIST, "l.csv", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get(reader, "CAF-ACCESS", "units").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(upload(reader, "CAF-ACCESS", "imports", CAF_LIST, "l.csv", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            upload(
                    reader,
                    "CAF-ACCESS",
                    "crosswalks",
                    "from_pcode,to_pcode,share\n",
                    "c.csv",
                    Map.of())
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get(admin(), "CAF-ACCESS", "units").getBody()).isEmpty();
  }

  // --- helpers ----------------------------------------------------------------------------------

  private Operation operation(String code, String iso3) {
    var response =
        admin()
            .postForEntity(
                "/api/v1/operations",
                Map.of("code", code, "name", "Operation " + code, "countryIso3", iso3),
                JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    return geography.getOperation(code);
  }

  private ResponseEntity<JsonNode> upload(
      TestRestTemplate client,
      String operation,
      String endpoint,
      String content,
      String filename,
      Map<String, String> fields) {
    return upload(
        client, operation, endpoint, content.getBytes(StandardCharsets.UTF_8), filename, fields);
  }

  private ResponseEntity<JsonNode> upload(
      TestRestTemplate client,
      String operation,
      String endpoint,
      byte[] content,
      String filename,
      Map<String, String> fields) {
    var body = new LinkedMultiValueMap<String, Object>();
    body.add(
        "file",
        new ByteArrayResource(content) {
          @Override
          public String getFilename() {
            return filename;
          }
        });
    fields.forEach(body::add);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    return client.postForEntity(
        "/api/v1/operations/" + operation + "/geography/" + endpoint,
        new HttpEntity<>(body, headers),
        JsonNode.class);
  }

  private ResponseEntity<JsonNode> get(TestRestTemplate client, String operation, String path) {
    return client.getForEntity(
        "/api/v1/operations/" + operation + "/geography/" + path, JsonNode.class);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
