package org.opendtm.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.opendtm.demo.DemoTables.Feature;
import org.opendtm.demo.DemoTables.Row;
import org.opendtm.demo.DemoTables.Table;
import org.opendtm.demo.PlantedProblem.Kind;
import org.opendtm.platform.tabular.HxlTag;

class DemoCountryGeneratorTest {

  private static final LocalDate LAST = LocalDate.of(2026, 10, 31);
  private static final List<String> BANDS = List.of("0_0", "1_5", "6_17", "18_59", "60");

  @TempDir static Path temporary;

  private static DemoDataset demo;

  @BeforeAll
  static void generateTheDemo() throws IOException {
    demo =
        new DemoCountryGenerator(DemoCountryGenerator.DEMO_SEED, DemoSize.DEMO, LAST)
            .writeTo(temporary.resolve("demo"));
  }

  @Test
  void theDemoHasTheAdvertisedShape() {
    assertThat(demo.countryIso3()).isEqualTo("XLK");
    assertThat(demo.adminUnits().get(0)).isBetween(6, 8);
    assertThat(demo.adminUnits().get(1)).isBetween(30, 40);
    assertThat(demo.adminUnits().get(2)).isEqualTo(180);
    assertThat(demo.sites() + demo.villages()).isEqualTo(2_000);
    assertThat(demo.sites() / 2000.0).isCloseTo(0.30, within(0.05));
    assertThat(demo.rounds()).hasSize(13);
    assertThat(demo.rounds().get(12).reportingDate()).isEqualTo(LAST);
    assertThat(demo.rounds().get(12).published()).isFalse();
    assertThat(demo.rounds().subList(0, 12)).allMatch(DemoRound::published);
    for (int r = 1; r < 13; r++) {
      assertThat(
              ChronoUnit.DAYS.between(
                  demo.rounds().get(r - 1).reportingDate(), demo.rounds().get(r).reportingDate()))
          .isEqualTo(42);
    }
    assertThat(demo.problems())
        .extracting(PlantedProblem::kind)
        .containsExactlyInAnyOrder(Kind.values());
    assertThat(DemoCountryGenerator.defaultLastReportingDate(LocalDate.of(2026, 11, 23)))
        .isEqualTo(LocalDate.of(2026, 10, 31));
    assertThat(DemoCountryGenerator.defaultLastReportingDate(LocalDate.of(2027, 1, 5)))
        .isEqualTo(LocalDate.of(2027, 1, 31));
  }

  @Test
  void theSameSeedGivesByteIdenticalFilesAndAnotherSeedDifferentOnes() throws IOException {
    DemoDataset again =
        new DemoCountryGenerator(DemoCountryGenerator.DEMO_SEED, DemoSize.DEMO, LAST)
            .writeTo(temporary.resolve("again"));
    List<String> names = fileNames(demo.directory());
    assertThat(fileNames(again.directory())).isEqualTo(names);
    assertThat(names).hasSize(7 + 2 * 13);
    for (String name : names) {
      assertThat(Files.mismatch(demo.file(name), again.file(name))).as(name).isEqualTo(-1L);
    }
    assertThat(again.problems()).isEqualTo(demo.problems());

    DemoDataset other =
        new DemoCountryGenerator(7, DemoSize.DEMO, LAST).writeTo(temporary.resolve("other"));
    for (String name :
        List.of(
            "pcodes.csv", "adm3.geojson", "locations.csv", "round-01-sa.csv", "round-13-ba.csv")) {
      assertThat(Files.mismatch(demo.file(name), other.file(name))).as(name).isNotEqualTo(-1L);
    }
  }

  @Test
  void adminUnitsNestExactlyLevelByLevel() throws IOException {
    List<Feature> adm1 = DemoTables.features(demo.file("adm1.geojson"));
    List<Feature> adm2 = DemoTables.features(demo.file("adm2.geojson"));
    List<Feature> adm3 = DemoTables.features(demo.file("adm3.geojson"));
    assertThat(adm1).hasSize(demo.adminUnits().get(0));
    assertThat(adm2).hasSize(demo.adminUnits().get(1));
    assertThat(adm3).hasSize(demo.adminUnits().get(2));
    assertThat(adm1).allSatisfy(f -> assertThat(f.pcode()).matches("XL\\d\\d"));
    assertNests(adm2, adm1);
    assertNests(adm3, adm2);
    for (Feature f : Stream.of(adm1, adm2, adm3).flatMap(List::stream).toList()) {
      assertThat(f.geometry().isValid()).as(f.pcode() + " is valid").isTrue();
    }
    // the country is lon/lat in the open Indian Ocean, about 6° × 5°
    Geometry country = UnaryUnionOp.union(adm1.stream().map(Feature::geometry).toList());
    assertThat(country.getEnvelopeInternal().getWidth()).isBetween(4.0, 8.0);
    assertThat(country.getEnvelopeInternal().getHeight()).isBetween(3.5, 6.5);
    assertThat(country.getCentroid().getX()).isBetween(58.0, 63.0);

    // the P-code list names exactly the units of the boundary files, with their parents
    Table pcodes = DemoTables.read(demo.file("pcodes.csv"));
    assertThat(pcodes.tags())
        .containsExactly(
            "#adm0+code",
            "#adm0+name",
            "#adm1+code",
            "#adm1+name",
            "#adm2+code",
            "#adm2+name",
            "#adm3+code",
            "#adm3+name");
    assertThat(pcodes.rows()).hasSize(adm3.size());
    Map<String, Feature> byCode = new HashMap<>();
    Stream.of(adm1, adm2, adm3).flatMap(List::stream).forEach(f -> byCode.put(f.pcode(), f));
    for (Row row : pcodes.rows()) {
      assertThat(row.get("#adm0+code")).isEqualTo("XL");
      String code3 = row.get("#adm3+code"), code2 = row.get("#adm2+code");
      String code1 = row.get("#adm1+code");
      assertThat(code3).startsWith(code2).hasSize(8);
      assertThat(code2).startsWith(code1).hasSize(6);
      assertThat(byCode.get(code3).name()).isEqualTo(row.get("#adm3+name"));
      assertThat(byCode.get(code3).parentPcode()).isEqualTo(code2);
      assertThat(byCode.get(code2).parentPcode()).isEqualTo(code1);
      assertThat(byCode.get(code1).name()).isEqualTo(row.get("#adm1+name"));
    }
  }

  /** Each child lies within its parent, and the children of a parent cover it. */
  private static void assertNests(List<Feature> children, List<Feature> parents) {
    Map<String, List<Geometry>> byParent = new HashMap<>();
    for (Feature child : children) {
      byParent.computeIfAbsent(child.parentPcode(), p -> new ArrayList<>()).add(child.geometry());
    }
    assertThat(byParent.keySet())
        .containsExactlyInAnyOrderElementsOf(parents.stream().map(Feature::pcode).toList());
    for (Feature parent : parents) {
      Geometry area = parent.geometry();
      for (Geometry child : byParent.get(parent.pcode())) {
        assertThat(child.difference(area).getArea())
            .as("part of a child outside " + parent.pcode())
            .isLessThan(child.getArea() * 1e-9);
      }
      Geometry union = UnaryUnionOp.union(byParent.get(parent.pcode()));
      assertThat(union.symDifference(area).getArea())
          .as("children of " + parent.pcode() + " cover it")
          .isLessThan(area.getArea() * 1e-9);
    }
  }

  @Test
  void everyLocationLiesInsideItsAdmin3Unit() throws IOException {
    Map<String, IndexedPointInAreaLocator> adm3 = new HashMap<>();
    Map<String, String> parentOf = new HashMap<>();
    for (Feature f : DemoTables.features(demo.file("adm3.geojson"))) {
      adm3.put(f.pcode(), new IndexedPointInAreaLocator(f.geometry()));
      parentOf.put(f.pcode(), f.parentPcode());
    }
    Table locations = DemoTables.read(demo.file("locations.csv"));
    assertThat(locations.tags())
        .containsExactly(
            "#loc+code",
            "#loc+name",
            "#loc+type",
            "#geo+lat",
            "#geo+lon",
            "#adm1+code",
            "#adm2+code",
            "#adm3+code");
    assertThat(locations.rows()).hasSize(2_000);
    Set<String> codes = new HashSet<>();
    int sites = 0;
    for (Row row : locations.rows()) {
      String code = row.get("#loc+code");
      assertThat(codes.add(code)).as("unique " + code).isTrue();
      String type = row.get("#loc+type");
      if (code.startsWith("XL-S-")) {
        sites++;
        assertThat(type).isIn("camp", "collective centre", "informal settlement");
      } else {
        assertThat(code).matches("XL-V-\\d{5}");
        assertThat(type).isEqualTo("village");
      }
      String code3 = row.get("#adm3+code");
      assertThat(parentOf.get(code3)).isEqualTo(row.get("#adm2+code"));
      assertThat(row.get("#adm2+code")).startsWith(row.get("#adm1+code"));
      Coordinate point =
          new Coordinate(
              Double.parseDouble(row.get("#geo+lon")), Double.parseDouble(row.get("#geo+lat")));
      assertThat(adm3.get(code3).locate(point))
          .as(code + " in " + code3)
          .isEqualTo(Location.INTERIOR);
    }
    assertThat(sites).isEqualTo(demo.sites());
  }

  @Test
  void roundFilesCarryEveryShapeATagAndSumExactlyExceptThePlantedProblems() throws IOException {
    Map<String, String> adm1OfLocation = new HashMap<>();
    Map<String, String> adm3OfLocation = new HashMap<>();
    for (Row row : DemoTables.read(demo.file("locations.csv")).rows()) {
      adm1OfLocation.put(row.get("#loc+code"), row.get("#adm1+code"));
      adm3OfLocation.put(row.get("#loc+code"), row.get("#adm3+code"));
    }
    Set<String> adm1Codes = new HashSet<>(adm1OfLocation.values());
    Set<String> found = new TreeSet<>();
    Map<String, Long> previousTotals = null;
    for (DemoRound round : demo.rounds()) {
      Map<String, Long> totals = new HashMap<>();
      Map<String, Long> firstRows = new HashMap<>();
      for (String file : List.of(round.siteAssessmentFile(), round.baselineFile())) {
        Table table = DemoTables.read(demo.file(file));
        assertThat(table.tags())
            .hasSize(25)
            .contains(tag("#affected+idps+f+age0_0"), tag("#affected+idps+m+age60"));
        assertThat(table.rows()).isNotEmpty();
        Set<String> seen = new HashSet<>();
        for (Row row : table.rows()) {
          String place = row.get("#loc+code");
          String where = row.number() + "";
          assertThat(row.get("#assessment+type")).isEqualTo(file.endsWith("-sa.csv") ? "SA" : "BA");
          assertThat(place).startsWith(file.endsWith("-sa.csv") ? "XL-S-" : "XL-V-");
          assertThat(DemoSimulation.REASONS).contains(row.get("#cause+type"));
          LocalDate assessed = LocalDate.parse(row.get("#date+assessed"));
          assertThat(ChronoUnit.DAYS.between(assessed, round.reportingDate())).isBetween(1L, 14L);
          assertThat(row.number("#meta+informants")).isBetween(2, 8);

          int individuals = row.number("#affected+idps+ind");
          int households = row.number("#affected+idps+hh");
          int males = row.number("#affected+idps+m"), females = row.number("#affected+idps+f");
          int bands = 0;
          for (String sex : List.of("f", "m")) {
            for (String band : BANDS) bands += row.number("#affected+idps+" + sex + "+age" + band);
          }
          if (males + females != individuals)
            found.add(problem(Kind.SEX_TOTAL_MISMATCH, file, where));
          if (bands != individuals) found.add(problem(Kind.SEX_AGE_BANDS_MISMATCH, file, where));
          if (!plausibleHouseholds(individuals, households)
              || !plausibleHouseholds(
                  row.number("#affected+returnees+ind"), row.number("#affected+returnees+hh"))) {
            found.add(problem(Kind.HOUSEHOLD_SIZE, file, where));
          }
          String origin = row.get("#adm1+code+origin");
          if (!adm1Codes.contains(origin)) {
            assertThat(origin).startsWith("XLK");
            assertThat(adm1Codes).contains("XL" + origin.substring(3));
            found.add(problem(Kind.PCODE_VARIANT, file, where));
          }
          String originAdm3 = row.get("#adm3+code+origin");
          if (!originAdm3.isEmpty()) {
            assertThat(originAdm3).isEqualTo(adm3OfLocation.get(place));
            assertThat(origin).isEqualTo(adm1OfLocation.get(place));
            found.add(problem(Kind.ORIGIN_IS_CURRENT_PLACE, file, where));
          } else {
            assertThat(origin).isNotEqualTo(adm1OfLocation.get(place));
          }
          if (!seen.add(place + "|" + row.get("#cause+type") + "|" + origin)) {
            found.add(problem(Kind.DUPLICATE_PLACE, file, where));
          }
          totals.merge(file.substring(9) + place, (long) individuals, Long::sum);
          // returnees are a group of their own: their change is checked apart from IDPs'
          totals.merge(
              file.substring(9) + place + "|returnees",
              (long) row.number("#affected+returnees+ind"),
              Long::sum);
          firstRows.putIfAbsent(file.substring(9) + place, row.number());
        }
      }
      if (previousTotals != null && round.number() == demo.rounds().size()) {
        for (var total : totals.entrySet()) {
          long before = previousTotals.getOrDefault(total.getKey(), 0L), now = total.getValue();
          if (Math.max(before, now) >= 50 && Math.abs(now - before) > 0.5 * before) {
            String file =
                total.getKey().startsWith("sa") ? round.siteAssessmentFile() : round.baselineFile();
            String place = total.getKey().replace("|returnees", "");
            found.add(problem(Kind.ROUND_CHANGE, file, "" + firstRows.get(place)));
          }
        }
      }
      previousTotals = totals;
    }

    Set<String> planted = new TreeSet<>();
    for (PlantedProblem p : demo.problems()) {
      assertThat(p.round()).isEqualTo(13);
      planted.add(problem(p.kind(), p.file(), "" + p.row()));
    }
    assertThat(found).isEqualTo(planted);

    // problems.md lists the very same problems
    String markdown = Files.readString(demo.file("problems.md"));
    for (PlantedProblem p : demo.problems()) {
      assertThat(markdown)
          .contains(
              "| "
                  + p.kind()
                  + " | 13 | "
                  + p.file()
                  + " | "
                  + p.row()
                  + " | "
                  + p.locationCode()
                  + " |");
    }
  }

  private static String tag(String text) {
    return HxlTag.parse(text).orElseThrow().toString();
  }

  private static boolean plausibleHouseholds(int individuals, int households) {
    if (individuals == 0 && households == 0) return true;
    if (households == 0) return false;
    double size = (double) individuals / households;
    return size >= 1.5 && size <= 15;
  }

  private static String problem(Kind kind, String file, String row) {
    return kind + " " + file + " row " + row;
  }

  @Test
  void displacementRisesAfterEventsAndReturnsFollow() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(demo.file("manifest.json").toFile());
    List<JsonNode> events = new ArrayList<>();
    manifest.get("events").forEach(events::add);
    assertThat(events)
        .extracting(e -> e.get("reason").asText())
        .contains("Conflict", "Natural disaster");
    assertThat(events).allSatisfy(e -> assertThat(e.get("round").asInt()).isBetween(2, 11));

    int rounds = demo.rounds().size();
    long[] siteIdps = new long[rounds + 1];
    long[] villageIdps = new long[rounds + 1];
    long[] returnees = new long[rounds + 1];
    Map<Integer, Map<String, Long>> byReason = new HashMap<>();
    for (DemoRound round : demo.rounds()) {
      for (Row row : DemoTables.read(demo.file(round.siteAssessmentFile())).rows()) {
        siteIdps[round.number()] += row.number("#affected+idps+ind");
        byReason
            .computeIfAbsent(round.number(), r -> new HashMap<>())
            .merge(row.get("#cause+type"), (long) row.number("#affected+idps+ind"), Long::sum);
      }
      for (Row row : DemoTables.read(demo.file(round.baselineFile())).rows()) {
        villageIdps[round.number()] += row.number("#affected+idps+ind");
        returnees[round.number()] += row.number("#affected+returnees+ind");
      }
    }
    for (JsonNode event : events) {
      int r = event.get("round").asInt();
      assertThat(siteIdps[r])
          .as("site IDPs jump in round " + r)
          .isGreaterThan((long) (siteIdps[r - 1] * 1.05));
      assertThat(villageIdps[r])
          .as("village IDPs jump in round " + r)
          .isGreaterThan(villageIdps[r - 1]);
      // and fall back afterwards as people return
      assertThat(siteIdps[r + 1]).isLessThan(siteIdps[r]);
      assertThat(returnees[r + 2])
          .as("returnees rise after round " + r)
          .isGreaterThan(returnees[r]);
      String reason = event.get("reason").asText();
      assertThat(byReason.get(r).get(reason)).isGreaterThan(byReason.get(r - 1).get(reason));
    }
    // gradual returns: returnees keep rising to the last round, IDPs end below their peak
    assertThat(returnees[rounds]).isGreaterThan((long) (returnees[1] * 1.3));
    long peak = 0;
    for (long total : siteIdps) peak = Math.max(peak, total);
    assertThat(siteIdps[rounds - 1]).isLessThan(peak);
  }

  @Test
  void householdsAverageFiveToSevenPeople() throws IOException {
    long individuals = 0, households = 0;
    for (Row row : DemoTables.read(demo.file("round-06-ba.csv")).rows()) {
      individuals += row.number("#affected+idps+ind");
      households += row.number("#affected+idps+hh");
    }
    assertThat((double) individuals / households).isBetween(5.0, 7.0);
  }

  @Test
  void aLargerDatasetScalesTheAdminUnitsAndStreams() throws IOException {
    long started = System.nanoTime();
    DemoDataset big =
        new DemoCountryGenerator(42, new DemoSize(20_000, 3), LAST)
            .writeTo(temporary.resolve("big"));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(seconds).as("generation time in seconds").isLessThan(60);
    assertThat(big.adminUnits().get(2)).isBetween(400, 500);
    assertThat(big.sites() + big.villages()).isEqualTo(20_000);
    assertThat(big.problems()).hasSize(Kind.values().length);
    long rows;
    try (Stream<String> lines = Files.lines(big.file("locations.csv"))) {
      rows = lines.count();
    }
    assertThat(rows).isEqualTo(20_002);
    assertThat(DemoTables.read(big.file("round-03-sa.csv")).rows().size())
        .isGreaterThan(big.sites());
  }

  private static List<String> fileNames(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
