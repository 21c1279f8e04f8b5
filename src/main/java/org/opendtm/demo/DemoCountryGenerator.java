package org.opendtm.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.opendtm.demo.DemoSimulation.Figure;
import org.opendtm.demo.DemoSimulation.Profile;
import org.opendtm.demo.PlantedProblem.Kind;

/**
 * Generates the fictional Republic of Lakeland — boundaries, P-codes, a master list of sites and
 * villages, and rounds of site and baseline assessments — as files in the formats of
 * docs/import-formats.md, deterministically from a seed.
 *
 * <p>The same seed, size and last reporting date always give byte-identical files. Files are
 * written as they are computed, in memory that does not grow with the number of locations or rounds
 * (only the admin boundaries are held), so the same class writes the 2,000-location demo in about a
 * second and 100,000 locations × 24 rounds for benchmarks.
 *
 * <pre>{@code
 * DemoDataset demo = DemoCountryGenerator.demo(LocalDate.now()).writeTo(directory);
 * }</pre>
 */
public final class DemoCountryGenerator {

  /** The seed of the demo operation loaded on first start. */
  public static final long DEMO_SEED = 20_261_123L;

  public static final String COUNTRY_NAME = "Lakeland";
  public static final String COUNTRY_FORMAL_NAME = "Republic of Lakeland";

  /** User-assigned ISO 3166 code: ISO reserves X.. for such use, so no real country has it. */
  public static final String COUNTRY_ISO3 = "XLK";

  /** The admin 0 P-code, which prefixes every other P-code ({@code XL01}, {@code XL0101}, …). */
  public static final String ADM0_PCODE = "XL";

  /** Suggested code and name of the operation the demo is loaded into. */
  public static final String OPERATION_CODE = "LAKELAND";

  public static final String OPERATION_NAME = "Lakeland displacement tracking (demo)";

  public static final String PCODES_FILE = "pcodes.csv";
  public static final String LOCATIONS_FILE = "locations.csv";
  public static final String PROBLEMS_FILE = "problems.md";
  public static final String MANIFEST_FILE = "manifest.json";

  /**
   * Up to this many locations the model's per-location profiles are kept between the passes over
   * the list (a few MB); beyond it they are recomputed, so memory does not grow with the size.
   */
  static final int CACHED_PROFILES_LIMIT = 20_000;

  /** Days between two rounds' reporting dates. */
  static final int ROUND_INTERVAL_DAYS = 42;

  /** Prefix written in place of {@link #ADM0_PCODE} in the planted P-code variant. */
  static final String ISO3_STYLE_PREFIX = COUNTRY_ISO3;

  private static final String[] ROUND_HEADER = {
    "Location code",
    "Assessment type",
    "Date assessed",
    "Key informants",
    "Reason for displacement",
    "Origin admin 1 P-code",
    "Origin admin 3 P-code",
    "Arrival period",
    "Shelter type",
    "IDP households",
    "IDP individuals",
    "IDP males",
    "IDP females",
    "IDP females under 1",
    "IDP females 1-5",
    "IDP females 6-17",
    "IDP females 18-59",
    "IDP females 60+",
    "IDP males under 1",
    "IDP males 1-5",
    "IDP males 6-17",
    "IDP males 18-59",
    "IDP males 60+",
    "Returnee households",
    "Returnee individuals"
  };
  private static final String[] ROUND_TAGS = {
    "#loc+code",
    "#assessment+type",
    "#date+assessed",
    "#meta+informants",
    "#cause+type",
    "#adm1+code+origin",
    "#adm3+code+origin",
    "#date+arrival",
    "#shelter+type",
    "#affected+idps+hh",
    "#affected+idps+ind",
    "#affected+idps+m",
    "#affected+idps+f",
    "#affected+idps+f+age0_0",
    "#affected+idps+f+age1_5",
    "#affected+idps+f+age6_17",
    "#affected+idps+f+age18_59",
    "#affected+idps+f+age60",
    "#affected+idps+m+age0_0",
    "#affected+idps+m+age1_5",
    "#affected+idps+m+age6_17",
    "#affected+idps+m+age18_59",
    "#affected+idps+m+age60",
    "#affected+returnees+hh",
    "#affected+returnees+ind"
  };

  private final long seed;
  private final DemoSize size;
  private final LocalDate lastReportingDate;

  /**
   * @param seed any number; the same seed gives the same country and figures
   * @param size locations and rounds
   * @param lastReportingDate reporting date of the last round; earlier rounds come every six weeks
   *     before it
   */
  public DemoCountryGenerator(long seed, DemoSize size, LocalDate lastReportingDate) {
    this.seed = seed;
    this.size = java.util.Objects.requireNonNull(size, "size");
    this.lastReportingDate =
        java.util.Objects.requireNonNull(lastReportingDate, "lastReportingDate");
  }

  /** The demo operation: {@link #DEMO_SEED}, {@link DemoSize#DEMO}, rounds ending last month. */
  public static DemoCountryGenerator demo(LocalDate today) {
    return new DemoCountryGenerator(DEMO_SEED, DemoSize.DEMO, defaultLastReportingDate(today));
  }

  /**
   * The last day of the previous month, or the last day of January in January, so the rounds end in
   * the current year and the demo stays the same for a whole month.
   */
  public static LocalDate defaultLastReportingDate(LocalDate today) {
    YearMonth month = YearMonth.from(today);
    return month.getMonthValue() == 1 ? month.atEndOfMonth() : month.minusMonths(1).atEndOfMonth();
  }

  /** File name of the boundaries of an admin level: {@code adm1.geojson} … {@code adm3.geojson}. */
  public static String boundariesFile(int level) {
    return "adm" + level + ".geojson";
  }

  /** File name of a round's site assessments, e.g. {@code round-07-sa.csv}. */
  public static String siteAssessmentFile(int round) {
    return String.format(java.util.Locale.ROOT, "round-%02d-sa.csv", round);
  }

  /** File name of a round's village-level baseline, e.g. {@code round-07-ba.csv}. */
  public static String baselineFile(int round) {
    return String.format(java.util.Locale.ROOT, "round-%02d-ba.csv", round);
  }

  /** Writes every file into the directory (created if missing; same-named files are replaced). */
  public DemoDataset writeTo(Path directory) throws IOException {
    Files.createDirectories(directory);
    int adm1Count = 6 + Dice.of(seed, Streams.GEOGRAPHY, 1).nextInt(3);
    DemoGeography geography =
        DemoGeography.build(
            seed, ADM0_PCODE, adm1Count, size.adm2Count(adm1Count), size.adm3Count());
    LocalDate[] dates = new LocalDate[size.rounds() + 1];
    for (int round = 1; round <= size.rounds(); round++) {
      dates[round] =
          lastReportingDate.minusDays((long) ROUND_INTERVAL_DAYS * (size.rounds() - round));
    }
    DemoSimulation simulation =
        new DemoSimulation(
            seed, geography, dates, Math.min(size.locations(), CACHED_PROFILES_LIMIT));

    writePcodes(directory.resolve(PCODES_FILE), geography);
    GeoJsonFiles.write(directory.resolve(boundariesFile(1)), geography.adm1, List.of(), ADM0_PCODE);
    GeoJsonFiles.write(
        directory.resolve(boundariesFile(2)), geography.adm2, geography.adm1, ADM0_PCODE);
    GeoJsonFiles.write(
        directory.resolve(boundariesFile(3)), geography.adm3, geography.adm2, ADM0_PCODE);
    int[] counts = writeLocations(directory.resolve(LOCATIONS_FILE), geography, simulation);

    Map<Integer, Kind> planted = choosePlantedProblems(simulation);
    List<PlantedProblem> problems = new ArrayList<>();
    List<DemoRound> rounds = new ArrayList<>();
    for (int round = 1; round <= size.rounds(); round++) {
      writeRound(directory, round, geography, simulation, planted, problems);
      rounds.add(
          new DemoRound(
              round,
              dates[round],
              siteAssessmentFile(round),
              baselineFile(round),
              round < size.rounds()));
    }
    DemoDataset dataset =
        new DemoDataset(
            directory,
            seed,
            size,
            COUNTRY_NAME,
            COUNTRY_ISO3,
            ADM0_PCODE,
            List.of(geography.adm1.size(), geography.adm2.size(), geography.adm3.size()),
            counts[0],
            counts[1],
            rounds,
            problems);
    writeProblems(directory.resolve(PROBLEMS_FILE), dataset);
    writeManifest(directory.resolve(MANIFEST_FILE), dataset, geography, simulation);
    return dataset;
  }

  private static void writePcodes(Path file, DemoGeography geography) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CsvLine line = new CsvLine();
      out.write(
          line.cells(
                  "ADM0_PCODE",
                  "ADM0_EN",
                  "ADM1_PCODE",
                  "ADM1_EN",
                  "ADM2_PCODE",
                  "ADM2_EN",
                  "ADM3_PCODE",
                  "ADM3_EN")
              .end());
      out.write(
          line.cells(
                  "#adm0+code",
                  "#adm0+name",
                  "#adm1+code",
                  "#adm1+name",
                  "#adm2+code",
                  "#adm2+name",
                  "#adm3+code",
                  "#adm3+name")
              .end());
      for (AdminArea adm3 : geography.adm3) {
        AdminArea adm2 = geography.adm2.get(adm3.parent());
        AdminArea adm1 = geography.adm1.get(adm2.parent());
        out.write(
            line.cells(
                    ADM0_PCODE,
                    COUNTRY_NAME,
                    adm1.pcode(),
                    adm1.name(),
                    adm2.pcode(),
                    adm2.name(),
                    adm3.pcode(),
                    adm3.name())
                .end());
      }
    }
  }

  /** Returns the number of sites and of villages. */
  private int[] writeLocations(Path file, DemoGeography geography, DemoSimulation simulation)
      throws IOException {
    int sites = 0, villages = 0;
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CsvLine line = new CsvLine();
      out.write(
          line.cells(
                  "Location code",
                  "Location name",
                  "Location type",
                  "Latitude",
                  "Longitude",
                  "Admin 1 P-code",
                  "Admin 2 P-code",
                  "Admin 3 P-code")
              .end());
      out.write(
          line.cells(
                  "#loc+code",
                  "#loc+name",
                  "#loc+type",
                  "#geo+lat",
                  "#geo+lon",
                  "#adm1+code",
                  "#adm2+code",
                  "#adm3+code")
              .end());
      for (int i = 0; i < size.locations(); i++) {
        Profile profile = simulation.profile(i);
        String code = profile.type().isSite() ? siteCode(++sites) : villageCode(++villages);
        Dice place = Dice.of(seed, Streams.LOCATION_PLACE, i);
        String name = Names.invent(place);
        if (!profile.type().nameSuffix.isEmpty()) name = name + " " + profile.type().nameSuffix;
        Coordinate point = geography.pointInside(profile.adm3(), place);
        out.write(
            line.text(code)
                .text(name)
                .text(profile.type().label)
                .coordinate(point.y)
                .coordinate(point.x)
                .text(geography.adm1.get(profile.adm1()).pcode())
                .text(geography.adm2.get(profile.adm2()).pcode())
                .text(geography.adm3.get(profile.adm3()).pcode())
                .end());
      }
    }
    return new int[] {sites, villages};
  }

  static String siteCode(int number) {
    return ADM0_PCODE + "-S-" + fiveDigits(number);
  }

  static String villageCode(int number) {
    return ADM0_PCODE + "-V-" + fiveDigits(number);
  }

  private static String fiveDigits(int number) {
    String digits = Integer.toString(number);
    return digits.length() >= 5 ? digits : "0".repeat(5 - digits.length()) + digits;
  }

  /**
   * Picks, in one pass, the places of the planted problems: each at a different place, spread
   * through the file (the first fitting place after 12 %, 24 %, … of the list), and the round
   * change at the largest site so that it cannot be missed.
   */
  private Map<Integer, Kind> choosePlantedProblems(DemoSimulation simulation) {
    int last = size.rounds();
    int n = size.locations();
    byte[] fits = new byte[n]; // bit per kind that this place could carry
    int largestSite = -1;
    long largestTotal = -1;
    for (int i = 0; i < n; i++) {
      Profile profile = simulation.profile(i);
      List<Figure> figures = simulation.figures(profile, last);
      long total = 0;
      int smallest = Integer.MAX_VALUE;
      for (Figure figure : figures) {
        total += figure.individuals();
        smallest = Math.min(smallest, figure.individuals());
      }
      int first = figures.isEmpty() ? 0 : figures.get(0).individuals();
      byte bits = 0;
      if (profile.type().isSite()) {
        if (first >= 100) bits |= bit(Kind.SEX_AGE_BANDS_MISMATCH) | bit(Kind.SEX_TOTAL_MISMATCH);
        // a small second row, so that the duplicate alone does not change the place's total much
        if (figures.size() >= 2 && smallest * 5 <= total) bits |= bit(Kind.DUPLICATE_PLACE);
        if (first >= 200) bits |= bit(Kind.HOUSEHOLD_SIZE);
        if (total > largestTotal) {
          largestTotal = total;
          largestSite = i;
        }
      } else if (!figures.isEmpty()) {
        bits |= bit(Kind.ORIGIN_IS_CURRENT_PLACE) | bit(Kind.PCODE_VARIANT);
      }
      fits[i] = bits;
    }
    Map<Integer, Kind> chosen = new HashMap<>();
    if (last >= 2 && largestSite >= 0) chosen.put(largestSite, Kind.ROUND_CHANGE);
    Kind[] spread = {
      Kind.SEX_AGE_BANDS_MISMATCH,
      Kind.SEX_TOTAL_MISMATCH,
      Kind.DUPLICATE_PLACE,
      Kind.HOUSEHOLD_SIZE,
      Kind.ORIGIN_IS_CURRENT_PLACE,
      Kind.PCODE_VARIANT
    };
    for (int k = 0; k < spread.length; k++) {
      int start = (int) ((long) n * (k + 1) * 12 / 100);
      for (int step = 0; step < n; step++) {
        int i = (start + step) % n;
        if ((fits[i] & bit(spread[k])) != 0 && !chosen.containsKey(i)) {
          chosen.put(i, spread[k]);
          break;
        }
      }
    }
    return chosen;
  }

  private static byte bit(Kind kind) {
    return (byte) (1 << kind.ordinal());
  }

  /** A row of a round file, its breakdowns computed to sum exactly. */
  private static final class Row {
    final String reason;
    String originCode;
    String originAdm3Code; // only on the planted "origin is the place itself" row
    final String arrival;
    final int individuals;
    int households;
    int males;
    final int females;
    final int[] femaleBands;
    final int[] maleBands;

    Row(Figure figure, Profile profile, DemoGeography geography) {
      reason = figure.reason();
      originCode = geography.adm1.get(figure.origin()).pcode();
      arrival = figure.arrival();
      individuals = figure.individuals();
      households = households(individuals, profile.householdSize());
      females = (int) Math.round(individuals * profile.femaleShare());
      males = individuals - females;
      femaleBands = DemoSimulation.bands(females);
      maleBands = DemoSimulation.bands(males);
    }

    Row(Row other) {
      reason = other.reason;
      originCode = other.originCode;
      originAdm3Code = other.originAdm3Code;
      arrival = other.arrival;
      individuals = other.individuals;
      households = other.households;
      males = other.males;
      females = other.females;
      femaleBands = other.femaleBands.clone();
      maleBands = other.maleBands.clone();
    }
  }

  static int households(int individuals, double householdSize) {
    if (individuals == 0) return 0;
    return (int) Math.max(1, Math.round(individuals / householdSize));
  }

  private void writeRound(
      Path directory,
      int round,
      DemoGeography geography,
      DemoSimulation simulation,
      Map<Integer, Kind> planted,
      List<PlantedProblem> problems)
      throws IOException {
    boolean last = round == size.rounds();
    String siteFile = siteAssessmentFile(round);
    String baselineFile = baselineFile(round);
    try (Writer siteOut =
            Files.newBufferedWriter(directory.resolve(siteFile), StandardCharsets.UTF_8);
        Writer baselineOut =
            Files.newBufferedWriter(directory.resolve(baselineFile), StandardCharsets.UTF_8)) {
      CsvLine line = new CsvLine();
      for (Writer out : List.of(siteOut, baselineOut)) {
        out.write(line.cells(ROUND_HEADER).end());
        out.write(line.cells(ROUND_TAGS).end());
      }
      long siteRow = 2, baselineRow = 2; // the number of the last row written
      int sites = 0, villages = 0;
      for (int i = 0; i < size.locations(); i++) {
        Profile profile = simulation.profile(i);
        boolean site = profile.type().isSite();
        String code = site ? siteCode(++sites) : villageCode(++villages);
        Kind problem = last ? planted.get(i) : null;
        List<Figure> figures = simulation.figures(profile, round);
        if (problem == Kind.ROUND_CHANGE) {
          List<Figure> quadrupled = new ArrayList<>();
          for (Figure f : figures) {
            quadrupled.add(new Figure(f.reason(), f.origin(), f.arrival(), f.individuals() * 4));
          }
          figures = quadrupled;
        }
        List<Row> rows = new ArrayList<>(figures.size() + 1);
        for (Figure figure : figures) rows.add(new Row(figure, profile, geography));
        String file = site ? siteFile : baselineFile;
        long firstRow = (site ? siteRow : baselineRow) + 1;
        if (problem != null) {
          long previous = 0;
          if (round > 1) {
            for (Figure f : simulation.figures(profile, round - 1)) previous += f.individuals();
          }
          problems.add(
              plant(problem, round, file, firstRow, code, rows, profile, geography, previous));
        }

        Dice dice = Dice.of(seed, Streams.LOCATION_ROUND, i, round, 1);
        String assessed = simulation.reportingDate(round).minusDays(dice.between(1, 14)).toString();
        int informants = site ? dice.between(3, 8) : dice.between(2, 5);
        int returnees = simulation.returnees(profile, round);
        Writer out = site ? siteOut : baselineOut;
        for (int r = 0; r < rows.size(); r++) {
          Row row = rows.get(r);
          line.text(code)
              .text(site ? "SA" : "BA")
              .text(assessed)
              .number(informants)
              .text(row.reason)
              .text(row.originCode)
              .text(row.originAdm3Code)
              .text(row.arrival)
              .text(profile.type().shelter)
              .number(row.households)
              .number(row.individuals)
              .number(row.males)
              .number(row.females);
          for (int b : row.femaleBands) line.number(b);
          for (int b : row.maleBands) line.number(b);
          // returnees belong to the place, not to a reason or origin: only on its first row
          boolean first = r == 0;
          line.numberOrEmpty(first ? households(returnees, profile.householdSize()) : 0)
              .numberOrEmpty(first ? returnees : 0);
          out.write(line.end());
        }
        if (site) siteRow += rows.size();
        else baselineRow += rows.size();
      }
    }
  }

  /** Changes the rows of a place to carry the problem, and says what was done. */
  private static PlantedProblem plant(
      Kind kind,
      int round,
      String file,
      long firstRow,
      String code,
      List<Row> rows,
      Profile profile,
      DemoGeography geography,
      long previousIndividuals) {
    Row row = rows.get(0);
    String description;
    long at = firstRow;
    switch (kind) {
      case SEX_AGE_BANDS_MISMATCH -> {
        row.femaleBands[3] += 7;
        int sum = 0;
        for (int b : row.femaleBands) sum += b;
        for (int b : row.maleBands) sum += b;
        description =
            "female 18-59 band raised by 7: the bands sum to "
                + sum
                + ", individuals are "
                + row.individuals;
      }
      case SEX_TOTAL_MISMATCH -> {
        row.males += 12;
        description =
            "males raised by 12: males + females = "
                + (row.males + row.females)
                + ", individuals are "
                + row.individuals;
      }
      case DUPLICATE_PLACE -> {
        int smallest = 0;
        for (int r = 1; r < rows.size(); r++) {
          if (rows.get(r).individuals < rows.get(smallest).individuals) smallest = r;
        }
        Row copy = new Row(rows.get(smallest));
        rows.add(copy);
        at = firstRow + rows.size() - 1;
        description =
            "row "
                + (firstRow + smallest)
                + " repeated (reason "
                + copy.reason
                + ", origin "
                + copy.originCode
                + ")";
      }
      case HOUSEHOLD_SIZE -> {
        row.households = (int) Math.max(1, Math.round(row.individuals / 25.0));
        description =
            row.individuals
                + " individuals in "
                + row.households
                + " households (about 25 per household)";
      }
      case ORIGIN_IS_CURRENT_PLACE -> {
        String own = geography.adm3.get(profile.adm3()).pcode();
        description =
            "origin admin 3 "
                + own
                + " given: the village's own admin 3, so the IDPs come from where they are";
        row.originCode = geography.adm1.get(profile.adm1()).pcode();
        row.originAdm3Code = own;
      }
      case PCODE_VARIANT -> {
        String variant = ISO3_STYLE_PREFIX + row.originCode.substring(ADM0_PCODE.length());
        description = "origin " + row.originCode + " written as " + variant;
        row.originCode = variant;
      }
      case ROUND_CHANGE -> {
        long now = 0;
        for (Row r : rows) now += r.individuals;
        description =
            "IDP individuals at the site multiplied by four: "
                + previousIndividuals
                + " in round "
                + (round - 1)
                + ", "
                + now
                + " now (about +300 %)";
      }
      default -> throw new IllegalStateException(kind.name());
    }
    return new PlantedProblem(kind, round, file, at, code, description);
  }

  private static void writeProblems(Path file, DemoDataset dataset) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("# Planted data-quality problems\n\n")
        .append("Written on purpose into round ")
        .append(dataset.size().rounds())
        .append(", the round left in review; every other row of every round keeps all sums.\n")
        .append("Row numbers count as a spreadsheet does: header row 1, HXL row 2.\n\n")
        .append("| kind | round | file | row | location | what |\n")
        .append("|---|---|---|---|---|---|\n");
    for (PlantedProblem p : dataset.problems()) {
      text.append("| ")
          .append(p.kind())
          .append(" | ")
          .append(p.round())
          .append(" | ")
          .append(p.file())
          .append(" | ")
          .append(p.row())
          .append(" | ")
          .append(p.locationCode())
          .append(" | ")
          .append(p.description())
          .append(" |\n");
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void writeManifest(
      Path file, DemoDataset dataset, DemoGeography geography, DemoSimulation simulation)
      throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("generator", "OpenDTM demo country generator");
    manifest.put("seed", dataset.seed());
    manifest.put(
        "size",
        ordered("locations", dataset.size().locations(), "rounds", dataset.size().rounds()));
    manifest.put(
        "country",
        ordered(
            "name", COUNTRY_NAME,
            "formalName", COUNTRY_FORMAL_NAME,
            "iso3", COUNTRY_ISO3,
            "adm0Pcode", ADM0_PCODE,
            "adminLevels", 3,
            "adminUnits",
                ordered(
                    "adm1", dataset.adminUnits().get(0),
                    "adm2", dataset.adminUnits().get(1),
                    "adm3", dataset.adminUnits().get(2))));
    manifest.put(
        "operation",
        ordered(
            "code", OPERATION_CODE,
            "name", OPERATION_NAME,
            "countryIso3", COUNTRY_ISO3,
            "sexAgeBands", DemoSimulation.BANDS,
            "reasons", DemoSimulation.REASONS));
    manifest.put("locations", ordered("sites", dataset.sites(), "villages", dataset.villages()));
    List<Object> events = new ArrayList<>();
    for (DemoSimulation.DisplacementEvent event : simulation.events()) {
      AdminArea area = geography.adm1.get(event.adm1());
      events.add(
          ordered(
              "round", event.round(),
              "reason", event.reason(),
              "adm1Pcode", area.pcode(),
              "adm1Name", area.name()));
    }
    manifest.put("events", events);
    List<Object> files = new ArrayList<>();
    files.add(ordered("name", PCODES_FILE, "kind", "pcode-list"));
    for (int level = 1; level <= 3; level++) {
      files.add(
          ordered(
              "name",
              boundariesFile(level),
              "kind",
              "boundaries",
              "level",
              level,
              "pcodeProperty",
              "pcode"));
    }
    files.add(ordered("name", LOCATIONS_FILE, "kind", "location-master-list"));
    files.add(ordered("name", PROBLEMS_FILE, "kind", "planted-problems"));
    manifest.put("files", files);
    List<Object> rounds = new ArrayList<>();
    for (DemoRound round : dataset.rounds()) {
      rounds.add(
          ordered(
              "number", round.number(),
              "reportingDate", round.reportingDate().toString(),
              "status", round.published() ? "published" : "in review",
              "files",
                  List.of(
                      ordered("name", round.siteAssessmentFile(), "assessmentType", "SA"),
                      ordered("name", round.baselineFile(), "assessmentType", "BA"))));
    }
    manifest.put("rounds", rounds);
    List<Object> problems = new ArrayList<>();
    for (PlantedProblem p : dataset.problems()) {
      problems.add(
          ordered(
              "kind", p.kind().name(),
              "round", p.round(),
              "file", p.file(),
              "row", p.row(),
              "locationCode", p.locationCode(),
              "description", p.description()));
    }
    manifest.put("problems", problems);
    StringBuilder json = new StringBuilder();
    Json.write(json, manifest, 0);
    Files.writeString(file, json.append('\n'), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
