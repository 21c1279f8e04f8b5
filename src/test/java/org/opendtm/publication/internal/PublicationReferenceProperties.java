package org.opendtm.publication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.opendtm.publication.PublicationTestData;
import org.opendtm.support.TestDatabase;
import org.opendtm.tracking.RoundTotal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every stored row of a publication, cell by cell, equals a computation written independently in
 * Java from the same random figures: the aggregates (sums, sex totals unknown when one figure lacks
 * them, places per cell and per unit, reason and origin as published) and both breakdowns (shelter
 * totals; sex-and-age bands of the figures with one count per band and sex). Run against the real
 * publication SQL on embedded PostgreSQL, in one transaction as a publication does, so a change of
 * how the publication computes them (docs/perf.md, session 4) cannot change what it stores.
 */
class PublicationReferenceProperties {

  /** Units: admin 0, two admin 1, three admin 2 under each (levels 0..2). */
  static final Map<String, String> PARENT = new TreeMap<>();

  static final List<String> PLACES =
      List.of("XB01", "XB02", "XB0101", "XB0102", "XB0103", "XB0201", "XB0202", "XB0203");
  static final List<String> REASONS = Arrays.asList(null, "", "  ", "Conflict", " Flood ");
  static final List<String> SHELTERS = Arrays.asList(null, "", "Camp", "Host family");
  static final int WIDTH = 10; // the test operation's 5 bands, female then male

  record Figure(
      String type,
      String unit,
      int place,
      String group,
      String reason,
      String origin,
      int households,
      int individuals,
      Integer males,
      Integer females,
      String shelter,
      int[] sexAge) {}

  static JdbcClient jdbc;
  static TransactionTemplate transactions;
  static RevisionPublisher aggregates;
  static BreakdownPublisher breakdowns;
  static PublicationTestData data;
  static final AtomicInteger rounds = new AtomicInteger();

  @BeforeContainer
  static void database() {
    String url = TestDatabase.newDatabase();
    Flyway.configure()
        .dataSource(url, "postgres", "postgres")
        .locations("classpath:db/migration")
        .load()
        .migrate();
    DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "postgres", "postgres");
    jdbc = JdbcClient.create(dataSource);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    aggregates = new RevisionPublisher(jdbc);
    breakdowns = new BreakdownPublisher(jdbc);
    data =
        PublicationTestData.operation(jdbc, "REF", "Reference land", "XXB", "Reference land", 2)
            .unit(0, "XB", "Reference land", null);
    PARENT.put("XB", null);
    for (String admin1 : List.of("XB01", "XB02")) {
      data.unit(1, admin1, "Region " + admin1, "XB");
      PARENT.put(admin1, "XB");
      for (int i = 1; i <= 3; i++) {
        String admin2 = admin1 + "0" + i;
        data.unit(2, admin2, "District " + admin2, admin1);
        PARENT.put(admin2, admin1);
      }
    }
  }

  @Provide
  Arbitrary<List<Figure>> figures() {
    Arbitrary<int[]> sexAge =
        Arbitraries.oneOf(
                Arbitraries.integers().between(0, 300).array(int[].class).ofSize(WIDTH),
                Arbitraries.integers().between(0, 300).array(int[].class).ofSize(3))
            .injectNull(0.3);
    List<Arbitrary<Object>> fields =
        List.of(
            Arbitraries.of("BA", "SA").asGeneric(),
            Arbitraries.of(PLACES).asGeneric(),
            Arbitraries.integers().between(0, 1).asGeneric(),
            Arbitraries.of("IDP", "RETURNEE").asGeneric(),
            Arbitraries.of(REASONS).asGeneric(),
            Arbitraries.of(List.copyOf(PARENT.keySet())).injectNull(0.3).asGeneric(),
            Arbitraries.integers().between(0, 400).asGeneric(),
            Arbitraries.integers().between(0, 2000).asGeneric(),
            Arbitraries.integers().between(0, 1000).injectNull(0.15).asGeneric(),
            Arbitraries.integers().between(0, 1000).injectNull(0.15).asGeneric(),
            Arbitraries.of(SHELTERS).asGeneric(),
            sexAge.asGeneric());
    Arbitrary<Figure> figure =
        Combinators.combine(fields)
            .as(
                f ->
                    new Figure(
                        (String) f.get(0),
                        (String) f.get(1),
                        (Integer) f.get(2),
                        (String) f.get(3),
                        (String) f.get(4),
                        (String) f.get(5),
                        (Integer) f.get(6),
                        (Integer) f.get(7),
                        (Integer) f.get(8),
                        (Integer) f.get(9),
                        (String) f.get(10),
                        (int[]) f.get(11)));
    return figure.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 30)
  void storedRowsEqualTheReferenceComputation(@ForAll("figures") List<Figure> figures) {
    int number = rounds.incrementAndGet();
    LocalDate date = LocalDate.of(2025, 1, 1).plusDays(number);
    long roundId = data.round(number, date);
    Map<String, Long> assessments = new HashMap<>();
    Map<Figure, Long> assessmentOf = new java.util.IdentityHashMap<>();
    for (Figure f : figures) {
      long assessment =
          assessments.computeIfAbsent(
              f.type() + "|" + f.unit() + "|" + f.place(),
              key -> data.assessment(roundId, f.type(), f.unit()));
      assessmentOf.put(f, assessment);
      jdbc.sql(
              """
              insert into tracking.population_figure
                (assessment_id, population_group, reason, origin_admin_unit_id, households,
                 individuals, males, females, shelter, sex_age)
              values (:assessment, :group, :reason, :origin, :households, :individuals, :males,
                      :females, :shelter, :sexAge)
              """)
          .param("assessment", assessment)
          .param("group", f.group())
          .param("reason", f.reason())
          .param("origin", f.origin() == null ? null : data.unitId(f.origin()))
          .param("households", f.households())
          .param("individuals", f.individuals())
          .param("males", f.males())
          .param("females", f.females())
          .param("shelter", f.shelter())
          .param(
              "sexAge",
              f.sexAge() == null ? null : Arrays.stream(f.sexAge()).boxed().toArray(Integer[]::new))
          .update();
    }
    RevisionPublisher.Revision revision =
        new RevisionPublisher.Revision(
            data.operationId(), data.code(), roundId, number, date, 1, 2);
    List<RoundTotal> totals = new ArrayList<>();
    transactions.executeWithoutResult(
        status -> {
          StagedAssessments staged = StagedAssessments.stage(jdbc, roundId);
          totals.addAll(aggregates.publish(revision, staged).orElseThrow());
          breakdowns.publish(
              revision,
              staged,
              List.of("0_0", "1_5", "6_17", "18_59", "60"),
              BreakdownPublisher.Source.PUBLISH);
        });

    assertThat(storedAggregates(roundId)).isEqualTo(expectedAggregates(figures, assessmentOf));
    assertThat(storedShelters(roundId)).isEqualTo(expectedShelters(figures));
    assertThat(storedPyramids(roundId)).isEqualTo(expectedPyramids(figures));
    assertThat(totalsByKey(totals)).isEqualTo(expectedTotals(figures, assessmentOf));
  }

  /** A place whose unit has no admin-0 ancestor is not in the aggregates: no totals from them. */
  @Example
  void noTotalsWhenAPlaceIsNotCountedAtAdmin0() {
    int number = rounds.incrementAndGet();
    LocalDate date = LocalDate.of(2025, 1, 1).plusDays(number);
    long roundId = data.round(number, date);
    data.figure(data.assessment(roundId, "BA", "XB0101"), "IDP", null, null, 3, 10, 5, 5);
    long orphan =
        jdbc.sql(
                """
                insert into geography.admin_unit (operation_id, level, pcode, name)
                values (:operation, 2, 'XB' || :number, 'Without ancestry') returning id
                """)
            .param("operation", data.operationId())
            .param("number", number)
            .query(Long.class)
            .single();
    long assessment =
        jdbc.sql(
                """
                insert into tracking.assessment (round_id, assessment_type, admin_unit_id, place)
                values (:round, 'BA', :unit, 'orphan') returning id
                """)
            .param("round", roundId)
            .param("unit", orphan)
            .query(Long.class)
            .single();
    data.figure(assessment, "IDP", null, null, 2, 7, 3, 4);
    RevisionPublisher.Revision revision =
        new RevisionPublisher.Revision(
            data.operationId(), data.code(), roundId, number, date, 1, 2);
    Optional<List<RoundTotal>> totals =
        transactions.execute(
            status -> aggregates.publish(revision, StagedAssessments.stage(jdbc, roundId)));
    assertThat(totals).isEmpty();
  }

  private static Map<String, String> totalsByKey(List<RoundTotal> totals) {
    Map<String, String> byKey = new TreeMap<>();
    for (RoundTotal t : totals) {
      byKey.put(
          t.assessmentType() + "|" + t.populationGroup(),
          t.places() + " " + t.households() + " " + t.individuals());
    }
    return byKey;
  }

  /** What tracking sums for a revision: per type and group, places with figures and the sums. */
  private static Map<String, String> expectedTotals(
      List<Figure> figures, Map<Figure, Long> assessmentOf) {
    Map<String, Set<Long>> places = new TreeMap<>();
    Map<String, long[]> sums = new TreeMap<>();
    for (Figure f : figures) {
      String key = f.type() + "|" + f.group();
      places.computeIfAbsent(key, k -> new HashSet<>()).add(assessmentOf.get(f));
      long[] sum = sums.computeIfAbsent(key, k -> new long[2]);
      sum[0] += f.households();
      sum[1] += f.individuals();
    }
    Map<String, String> expected = new TreeMap<>();
    places.forEach(
        (key, set) ->
            expected.put(key, set.size() + " " + sums.get(key)[0] + " " + sums.get(key)[1]));
    return expected;
  }

  // ---- the reference computation --------------------------------------------------------------

  /** The unit and its ancestors, admin 0 first. */
  private static List<String> lineage(String unit) {
    List<String> units = new ArrayList<>();
    for (String u = unit; u != null; u = PARENT.get(u)) units.add(0, u);
    return units;
  }

  private static String reason(String reason) {
    if (reason == null) return "Not reported";
    String trimmed = reason.strip();
    return trimmed.isEmpty() ? "Not reported" : trimmed;
  }

  private static String shelter(String shelter) {
    return shelter == null || shelter.isBlank() ? "Not reported" : shelter.strip();
  }

  /** The origin's admin-1 unit: itself at admin 1, its parent at admin 2, none at admin 0. */
  private static String originAdmin1(String origin) {
    if (origin == null) return null;
    List<String> lineage = lineage(origin);
    return lineage.size() > 1 ? lineage.get(1) : null;
  }

  private static final class Cell {
    long households;
    long individuals;
    Long males = 0L;
    Long females = 0L;
    final Set<Long> places = new HashSet<>();
  }

  private static Map<String, String> expectedAggregates(
      List<Figure> figures, Map<Figure, Long> assessmentOf) {
    Map<String, Cell> cells = new TreeMap<>();
    Map<String, Set<Long>> unitPlaces = new HashMap<>();
    for (Figure f : figures) {
      List<String> lineage = lineage(f.unit());
      for (int level = 0; level < lineage.size(); level++) {
        String unit = f.type() + "|" + level + "|" + lineage.get(level) + "|" + f.group();
        Cell cell =
            cells.computeIfAbsent(
                unit + "|" + reason(f.reason()) + "|" + originAdmin1(f.origin()),
                key -> new Cell());
        cell.households += f.households();
        cell.individuals += f.individuals();
        cell.males = cell.males == null || f.males() == null ? null : cell.males + f.males();
        cell.females =
            cell.females == null || f.females() == null ? null : cell.females + f.females();
        cell.places.add(assessmentOf.get(f));
        unitPlaces.computeIfAbsent(unit, key -> new HashSet<>()).add(assessmentOf.get(f));
      }
    }
    Map<String, String> expected = new TreeMap<>();
    cells.forEach(
        (key, cell) -> {
          String unit = key.substring(0, nthBar(key, 4));
          expected.put(
              key,
              cell.households
                  + " "
                  + cell.individuals
                  + " "
                  + cell.males
                  + " "
                  + cell.females
                  + " "
                  + cell.places.size()
                  + " "
                  + unitPlaces.get(unit).size());
        });
    return expected;
  }

  private static int nthBar(String key, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) at = key.indexOf('|', at + 1);
    return at;
  }

  private static Map<String, String> expectedShelters(List<Figure> figures) {
    Map<String, long[]> sums = new TreeMap<>();
    for (Figure f : figures) {
      List<String> lineage = lineage(f.unit());
      for (int level = 0; level < lineage.size(); level++) {
        long[] sum =
            sums.computeIfAbsent(
                f.type()
                    + "|"
                    + level
                    + "|"
                    + lineage.get(level)
                    + "|"
                    + f.group()
                    + "|"
                    + shelter(f.shelter()),
                key -> new long[2]);
        sum[0] += f.households();
        sum[1] += f.individuals();
      }
    }
    Map<String, String> expected = new TreeMap<>();
    sums.forEach((key, sum) -> expected.put(key, sum[0] + " " + sum[1]));
    return expected;
  }

  private static Map<String, String> expectedPyramids(List<Figure> figures) {
    Map<String, long[]> sums = new TreeMap<>(); // bands, then banded, banded individuals
    for (Figure f : figures) {
      if (f.sexAge() == null || f.sexAge().length != WIDTH) continue;
      List<String> lineage = lineage(f.unit());
      for (int level = 0; level < lineage.size(); level++) {
        long[] sum =
            sums.computeIfAbsent(
                f.type() + "|" + level + "|" + lineage.get(level) + "|" + f.group(),
                key -> new long[WIDTH + 2]);
        for (int i = 0; i < WIDTH; i++) sum[i] += f.sexAge()[i];
        sum[WIDTH] += 1;
        sum[WIDTH + 1] += f.individuals();
      }
    }
    Map<String, String> expected = new TreeMap<>();
    sums.forEach(
        (key, sum) ->
            expected.put(
                key,
                Arrays.toString(Arrays.copyOfRange(sum, 0, WIDTH / 2))
                    + " "
                    + Arrays.toString(Arrays.copyOfRange(sum, WIDTH / 2, WIDTH))
                    + " "
                    + sum[WIDTH]
                    + " "
                    + sum[WIDTH + 1]));
    return expected;
  }

  // ---- what the publication stored ------------------------------------------------------------

  private static Map<String, String> storedAggregates(long roundId) {
    Map<String, String> stored = new TreeMap<>();
    jdbc.sql(
            """
            select assessment_type || '|' || admin_level || '|' || unit_pcode || '|'
                     || population_group || '|' || reason || '|'
                     || coalesce(origin_admin1_pcode, 'null') as cell,
                   households || ' ' || individuals || ' ' || coalesce(males::text, 'null') || ' '
                     || coalesce(females::text, 'null') || ' ' || places || ' ' || unit_places
                     as measures,
                   count(*) over (partition by assessment_type, admin_level, unit_pcode,
                                  population_group, reason, origin_admin1_pcode) as copies
              from publication.aggregate where round_id = :round and revision = 1
            """)
        .param("round", roundId)
        .query(
            rs -> {
              assertThat(rs.getLong("copies")).as("rows of %s", rs.getString("cell")).isOne();
              stored.put(rs.getString("cell"), rs.getString("measures"));
            });
    return stored;
  }

  private static Map<String, String> storedShelters(long roundId) {
    Map<String, String> stored = new TreeMap<>();
    jdbc.sql(
            """
            select assessment_type || '|' || admin_level || '|' || unit_pcode || '|'
                     || population_group || '|' || shelter as cell,
                   households || ' ' || individuals as measures
              from publication.shelter_total where round_id = :round and revision = 1
            """)
        .param("round", roundId)
        .query(
            rs -> {
              stored.put(rs.getString("cell"), rs.getString("measures"));
            });
    return stored;
  }

  private static Map<String, String> storedPyramids(long roundId) {
    Map<String, String> stored = new TreeMap<>();
    jdbc.sql(
            """
            select assessment_type || '|' || admin_level || '|' || unit_pcode || '|'
                     || population_group as cell,
                   females, males, banded, banded_individuals
              from publication.sex_age_total where round_id = :round and revision = 1
            """)
        .param("round", roundId)
        .query(
            rs -> {
              stored.put(
                  rs.getString("cell"),
                  Arrays.toString((Long[]) rs.getArray("females").getArray())
                      + " "
                      + Arrays.toString((Long[]) rs.getArray("males").getArray())
                      + " "
                      + rs.getLong("banded")
                      + " "
                      + rs.getLong("banded_individuals"));
            });
    return stored;
  }
}
