package org.opendtm.publication.internal;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.publication.internal.disclosure.DisclosureControl;
import org.opendtm.publication.internal.disclosure.EagerDisclosure;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * THE read path for everything published to anonymous partners: the DTM-compatible API and the HXL
 * export both call {@link #stream} and {@link #listPublishedOperations} and nothing else. Every
 * public rule is applied here and only here: IDPs only, each round's latest protected revision (the
 * current one once its suppression is stored), levels no finer than the operation's {@code
 * publicAdminLevel}, operations with a published round only, and disclosure control: small-cell and
 * secondary suppression ({@link DisclosureControl}, joined here and nowhere else;
 * docs/disclosure.md).
 */
@Component
public class PublicFigures {

  /** Filters of a public query; null means no filter. Names and P-codes match ignoring case. */
  public record Query(
      int adminLevel,
      String operation,
      String countryName,
      String admin0Pcode,
      LocalDate fromReportingDate,
      LocalDate toReportingDate,
      Integer fromRoundNumber,
      Integer toRoundNumber,
      String admin1Name,
      String admin1Pcode,
      String admin2Name,
      String admin2Pcode) {

    public static Query operation(int adminLevel, String operation) {
      return new Query(
          adminLevel, operation, null, null, null, null, null, null, null, null, null, null);
    }
  }

  /**
   * One public record: a place x round x type x reason x origin admin 1, IDPs. {@code individuals},
   * {@code males}, {@code females} are null when suppressed by disclosure control (or, for the sex
   * totals, unknown); the record itself is kept (docs/disclosure.md).
   */
  public record Figure(
      long id,
      String operation,
      String operationStatus,
      int adminLevel,
      String admin0Name,
      String admin0Pcode,
      String admin1Name,
      String admin1Pcode,
      String admin2Name,
      String admin2Pcode,
      Long individuals,
      LocalDate reportingDate,
      int roundNumber,
      String reason,
      Long males,
      Long females,
      String originAdmin1Name,
      String originAdmin1Pcode,
      String assessmentType) {}

  /** An operation partners can see. */
  public record PublishedOperation(
      String name, String code, String status, String countryName, String countryIso3) {}

  /** What the DTM API shows for a missing origin. */
  public static final String NOT_AVAILABLE = "Not available";

  private static final String POPULATION_GROUP = "IDP";

  private final GeographyManagement geography;
  private final EagerDisclosure eager;
  private final JdbcClient jdbc;
  private final JdbcClient streaming;
  private final TransactionTemplate readOnly;

  PublicFigures(
      GeographyManagement geography,
      EagerDisclosure eager,
      JdbcClient jdbc,
      DataSource dataSource,
      PlatformTransactionManager transactions) {
    this.geography = geography;
    this.eager = eager;
    this.jdbc = jdbc;
    // pgjdbc only streams rows (instead of loading the whole result) with a fetch size inside a
    // transaction, so exports of any size run in constant memory.
    JdbcTemplate template = new JdbcTemplate(dataSource);
    template.setFetchSize(2000);
    this.streaming = JdbcClient.create(template);
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  /** Operations with at least one published round, by name. */
  public List<PublishedOperation> listPublishedOperations() {
    Set<Long> published =
        Set.copyOf(
            jdbc.sql("select distinct operation_id from publication.published_round where current")
                .query(Long.class)
                .list());
    return geography.listOperations().stream()
        .filter(operation -> published.contains(operation.id()))
        .sorted(Comparator.comparing(Operation::name, String.CASE_INSENSITIVE_ORDER))
        .map(
            operation ->
                new PublishedOperation(
                    operation.name(),
                    operation.code(),
                    "ACTIVE".equals(operation.status()) ? "Active" : "Inactive",
                    operation.countryName(),
                    operation.countryIso3()))
        .collect(Collectors.toList());
  }

  /** A published operation by its code, if partners can see it. */
  public java.util.Optional<PublishedOperation> findPublishedOperation(String code) {
    return listPublishedOperations().stream().filter(o -> o.code().equals(code)).findFirst();
  }

  /**
   * Hands every public record matching the query to the sink, operation by operation, in round,
   * place, type, reason and origin order.
   *
   * @return how many records were handed over
   */
  public long stream(Query query, Consumer<Figure> sink) {
    List<Operation> operations =
        geography.listOperations().stream()
            .filter(operation -> matches(operation, query))
            .filter(operation -> query.adminLevel() <= operation.settings().publicAdminLevel())
            .sorted(Comparator.comparing(Operation::name, String.CASE_INSENSITIVE_ORDER))
            .toList();
    long count = 0;
    for (Operation operation : operations) {
      count += streamOperation(operation, query, sink);
    }
    return count;
  }

  private long streamOperation(Operation operation, Query query, Consumer<Figure> sink) {
    String status = "ACTIVE".equals(operation.status()) ? "Active" : "Inactive";
    long[] count = {0};
    // issue 4: only protected revisions are read (the round's previous one while a new one's
    // suppression is computed); waits a bounded time for runs still being computed
    eager.awaitProtection(operation, query.fromRoundNumber(), query.toRoundNumber());
    readOnly.executeWithoutResult(
        tx ->
            streaming
                .sql(
                    "with "
                        + DisclosureControl.SHOWN_ROUNDS
                        + """
                    select a.id, a.admin0_name, a.admin0_pcode, a.admin1_name, a.admin1_pcode,
                           a.admin2_name, a.admin2_pcode, pr.reporting_date, pr.round_number,
                           a.reason,
                           case when s.individuals then null else a.individuals end individuals,
                           case when s.males then null else a.males end males,
                           case when s.females then null else a.females end females,
                           a.origin_admin1_name, a.origin_admin1_pcode, a.assessment_type
                      from shown pr
                      join publication.aggregate a
                        on a.round_id = pr.round_id and a.revision = pr.revision
                      left join publication.aggregate_suppression s
                        on s.run_id = pr.run_id and s.aggregate_id = a.id
                     where a.admin_level = :level and a.population_group = :group
                       and a.admin_level <= 2 -- the predicate of the public P-code indexes (V2026_11_27_0500)
                       and (cast(:fromDate as date) is null or pr.reporting_date >= :fromDate)
                       and (cast(:toDate as date) is null or pr.reporting_date <= :toDate)
                       and (cast(:fromRound as int) is null or pr.round_number >= :fromRound)
                       and (cast(:toRound as int) is null or pr.round_number <= :toRound)
                       and (cast(:admin1Name as text) is null or lower(a.admin1_name) = :admin1Name)
                       and (cast(:admin1Pcode as text) is null or lower(a.admin1_pcode) = :admin1Pcode)
                       and (cast(:admin2Name as text) is null or lower(a.admin2_name) = :admin2Name)
                       and (cast(:admin2Pcode as text) is null or lower(a.admin2_pcode) = :admin2Pcode)
                     order by pr.round_number, a.admin1_pcode, a.admin2_pcode, a.assessment_type,
                              a.reason, a.origin_admin1_pcode nulls first
                    """)
                .param("operation", operation.id())
                .param("level", query.adminLevel())
                .param("group", POPULATION_GROUP)
                .param("fromDate", query.fromReportingDate())
                .param("toDate", query.toReportingDate())
                .param("fromRound", query.fromRoundNumber())
                .param("toRound", query.toRoundNumber())
                .param("admin1Name", lower(query.admin1Name()))
                .param("admin1Pcode", lower(query.admin1Pcode()))
                .param("admin2Name", lower(query.admin2Name()))
                .param("admin2Pcode", lower(query.admin2Pcode()))
                .query(
                    (RowCallbackHandler)
                        rs -> {
                          String originPcode = rs.getString("origin_admin1_pcode");
                          sink.accept(
                              new Figure(
                                  rs.getLong("id"),
                                  operation.name(),
                                  status,
                                  query.adminLevel(),
                                  // as IOM's API: the country's name and ISO3 code, the same
                                  // values country-list gives and Admin0Pcode filters on
                                  operation.countryName(),
                                  operation.countryIso3(),
                                  rs.getString("admin1_name"),
                                  rs.getString("admin1_pcode"),
                                  rs.getString("admin2_name"),
                                  rs.getString("admin2_pcode"),
                                  Aggregates.nullableLong(rs, "individuals"),
                                  rs.getObject("reporting_date", LocalDate.class),
                                  rs.getInt("round_number"),
                                  rs.getString("reason"),
                                  Aggregates.nullableLong(rs, "males"),
                                  Aggregates.nullableLong(rs, "females"),
                                  originPcode == null
                                      ? NOT_AVAILABLE
                                      : rs.getString("origin_admin1_name"),
                                  originPcode == null ? NOT_AVAILABLE : originPcode,
                                  rs.getString("assessment_type")));
                          count[0]++;
                        }));
    return count[0];
  }

  private static boolean matches(Operation operation, Query query) {
    return (query.operation() == null
            || operation.name().equalsIgnoreCase(query.operation())
            || operation.code().equalsIgnoreCase(query.operation()))
        && (query.countryName() == null
            || operation.countryName().equalsIgnoreCase(query.countryName()))
        && (query.admin0Pcode() == null
            || operation.countryIso3().equalsIgnoreCase(query.admin0Pcode()));
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
