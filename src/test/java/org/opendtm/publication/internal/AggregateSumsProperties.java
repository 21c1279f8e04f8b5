package org.opendtm.publication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;
import org.opendtm.publication.PublicationTestData;
import org.opendtm.support.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publication invariants over random figure sets, against the real aggregation SQL on embedded
 * PostgreSQL (no Spring): within a round and assessment type, for every population group and
 * reason, admin 0 = Σ admin 1 = Σ admin 2 = Σ input figures, for individuals, households, males and
 * females; and males + females = individuals in every cell when every figure has them.
 */
class AggregateSumsProperties {

  record Figure(
      String type,
      String group,
      String reason,
      Integer origin,
      int unit,
      int households,
      int males,
      int females) {}

  static final String[] ADMIN2 = {"XA0101", "XA0102", "XA0103", "XA0201", "XA0202", "XA0203"};
  static final List<String> REASONS = java.util.Arrays.asList(null, "Conflict", "Flood");

  static JdbcClient jdbc;
  static TransactionTemplate transactions;
  static RevisionPublisher publisher;
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
    publisher = new RevisionPublisher(jdbc);
    data =
        PublicationTestData.operation(jdbc, "PROP", "Property land", "XXA", "Property land", 2)
            .unit(0, "XA", "Property land", null)
            .unit(1, "XA01", "One", "XA")
            .unit(1, "XA02", "Two", "XA");
    for (String pcode : ADMIN2) {
      data.unit(2, pcode, "Unit " + pcode, pcode.substring(0, 4));
    }
  }

  @Provide
  Arbitrary<List<Figure>> figures() {
    Arbitrary<Figure> figure =
        Combinators.combine(
                Arbitraries.of("BA", "SA"),
                Arbitraries.of("IDP", "RETURNEE"),
                Arbitraries.of(REASONS),
                Arbitraries.integers().between(0, ADMIN2.length - 1).injectNull(0.3),
                Arbitraries.integers().between(0, ADMIN2.length - 1),
                Arbitraries.integers().between(0, 2000),
                Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(0, 5000))
            .as(Figure::new);
    return figure.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 40)
  void everyLevelAddsUpToTheSameTotals(@ForAll("figures") List<Figure> figures) {
    int number = rounds.incrementAndGet();
    LocalDate date = LocalDate.of(2024, 1, 1).plusDays(number);
    long roundId = data.round(number, date);
    // several figures may share a place: one assessment per type and unit
    Map<String, Long> assessments = new java.util.HashMap<>();
    for (Figure f : figures) {
      long assessment =
          assessments.computeIfAbsent(
              f.type() + ADMIN2[f.unit()],
              key -> data.assessment(roundId, f.type(), ADMIN2[f.unit()]));
      data.figure(
          assessment,
          f.group(),
          f.reason(),
          f.origin() == null ? null : ADMIN2[f.origin()],
          f.households(),
          f.males() + f.females(),
          f.males(),
          f.females());
    }
    transactions.executeWithoutResult(
        status ->
            publisher.publish(
                new RevisionPublisher.Revision(
                    data.operationId(), data.code(), roundId, number, date, 1, 2)));

    Map<String, long[]> expected =
        figures.stream()
            .collect(
                Collectors.groupingBy(
                    f ->
                        f.type()
                            + "|"
                            + f.group()
                            + "|"
                            + (f.reason() == null ? "Not reported" : f.reason()),
                    Collectors.reducing(
                        new long[4],
                        f ->
                            new long[] {
                              f.males() + f.females(), f.households(), f.males(), f.females()
                            },
                        AggregateSumsProperties::add)));
    for (int level = 0; level <= 2; level++) {
      Map<String, long[]> actual = new java.util.HashMap<>();
      jdbc.sql(
              """
              select assessment_type, population_group, reason,
                     sum(individuals) as i, sum(households) as h, sum(males) as m,
                     sum(females) as f
                from publication.aggregate
               where round_id = :round and admin_level = :level
               group by 1, 2, 3
              """)
          .param("round", roundId)
          .param("level", level)
          .query(
              rs -> {
                actual.put(
                    rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3),
                    new long[] {
                      rs.getLong("i"), rs.getLong("h"), rs.getLong("m"), rs.getLong("f")
                    });
              });
      assertThat(actual.keySet()).as("cells at level %d", level).isEqualTo(expected.keySet());
      for (var entry : expected.entrySet()) {
        assertThat(actual.get(entry.getKey()))
            .as("%s at level %d", entry.getKey(), level)
            .containsExactly(entry.getValue());
      }
    }
    Long broken =
        jdbc.sql(
                """
                select count(*) from publication.aggregate
                 where round_id = :round and males + females <> individuals
                """)
            .param("round", roundId)
            .query(Long.class)
            .single();
    assertThat(broken).isZero();
  }

  private static long[] add(long[] a, long[] b) {
    long[] sum = new long[a.length];
    for (int i = 0; i < a.length; i++) sum[i] = a[i] + b[i];
    return sum;
  }
}
