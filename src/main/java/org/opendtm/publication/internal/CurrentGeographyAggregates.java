package org.opendtm.publication.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.CrosswalkShare;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.publication.AggregateRow;
import org.opendtm.publication.internal.Aggregates.RoundRevision;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A published revision shown on today's geography: each unit's totals go to the current units its
 * later versions became, split by the crosswalk's population shares. Counts are split by largest
 * remainder, so every split keeps its total exactly and the admin-0 total never moves. A retired
 * unit without a crosswalk stays as it was published, so nothing is silently dropped.
 */
@Component
public class CurrentGeographyAggregates {

  private final JdbcClient jdbc;
  private final GeographyManagement geography;

  CurrentGeographyAggregates(JdbcClient jdbc, GeographyManagement geography) {
    this.jdbc = jdbc;
    this.geography = geography;
  }

  private record Source(
      long unitId,
      String type,
      String group,
      long households,
      long individuals,
      Long males,
      Long females,
      long places) {}

  private record Key(long unitId, String type, String group) {}

  private static final class Sum {
    long households, individuals, males, females, places;
    boolean malesKnown = true, femalesKnown = true;
  }

  public List<AggregateRow> list(
      Operation operation, RoundRevision revision, int level, String group, String type) {
    List<Source> sources =
        jdbc.sql(
                """
                select a.admin_unit_id, a.assessment_type, a.population_group,
                       sum(a.households) as households, sum(a.individuals) as individuals,
                       case when count(a.males) = count(*) then sum(a.males) end as males,
                       case when count(a.females) = count(*) then sum(a.females) end as females,
                       max(a.unit_places) as places
                  from publication.aggregate a
                 where a.round_id = :round and a.revision = :revision and a.admin_level = :level
                   and (cast(:group as text) is null or a.population_group = :group)
                   and (cast(:type as text) is null or a.assessment_type = :type)
                 group by a.admin_unit_id, a.assessment_type, a.population_group
                """)
            .param("round", revision.roundId())
            .param("revision", revision.revision())
            .param("level", level)
            .param("group", group)
            .param("type", type)
            .query(
                (rs, n) ->
                    new Source(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        Aggregates.nullableLong(rs, "males"),
                        Aggregates.nullableLong(rs, "females"),
                        rs.getLong(8)))
            .list();
    record Published(int roundNumber, java.time.LocalDate reportingDate) {}
    Published published =
        jdbc.sql(
                """
                select round_number, reporting_date from publication.published_round
                 where round_id = :round and revision = :revision
                """)
            .param("round", revision.roundId())
            .param("revision", revision.revision())
            .query(
                (rs, n) -> new Published(rs.getInt(1), rs.getObject(2, java.time.LocalDate.class)))
            .single();
    PlaceResolver places = geography.placeResolver(operation.id());
    Map<Long, List<CrosswalkShare>> targets = new HashMap<>();
    Map<Key, Sum> sums = new LinkedHashMap<>();
    for (Source source : sources) {
      List<CrosswalkShare> shares =
          targets.computeIfAbsent(source.unitId(), id -> destinations(id, places));
      long[] households = split(source.households(), shares);
      long[] individuals = split(source.individuals(), shares);
      long[] males = source.males() == null ? null : split(source.males(), shares);
      long[] females = source.females() == null ? null : split(source.females(), shares);
      long[] placeCounts = split(source.places(), shares);
      for (int i = 0; i < shares.size(); i++) {
        Sum sum =
            sums.computeIfAbsent(
                new Key(shares.get(i).unitId(), source.type(), source.group()), k -> new Sum());
        sum.households += households[i];
        sum.individuals += individuals[i];
        sum.places += placeCounts[i];
        if (males == null) sum.malesKnown = false;
        else sum.males += males[i];
        if (females == null) sum.femalesKnown = false;
        else sum.females += females[i];
      }
    }
    List<AggregateRow> rows = new ArrayList<>();
    sums.forEach(
        (key, sum) -> {
          AdminUnit unit = places.unitById(key.unitId()).orElseThrow();
          rows.add(
              new AggregateRow(
                  published.roundNumber(),
                  revision.revision(),
                  published.reportingDate(),
                  key.type(),
                  level,
                  unit.pcode(),
                  unit.name(),
                  ancestor(places, unit, 0).map(AdminUnit::pcode).orElse(null),
                  ancestor(places, unit, 0).map(AdminUnit::name).orElse(null),
                  ancestor(places, unit, 1).map(AdminUnit::pcode).orElse(null),
                  ancestor(places, unit, 1).map(AdminUnit::name).orElse(null),
                  ancestor(places, unit, 2).map(AdminUnit::pcode).orElse(null),
                  ancestor(places, unit, 2).map(AdminUnit::name).orElse(null),
                  key.group(),
                  null,
                  null,
                  null,
                  sum.households,
                  sum.individuals,
                  sum.malesKnown ? sum.males : null,
                  sum.femalesKnown ? sum.females : null,
                  sum.places));
        });
    rows.sort(
        Comparator.comparing(AggregateRow::pcode)
            .thenComparing(AggregateRow::assessmentType)
            .thenComparing(AggregateRow::populationGroup));
    return rows;
  }

  private static Optional<AdminUnit> ancestor(PlaceResolver places, AdminUnit unit, int level) {
    return level > unit.level() ? Optional.empty() : places.ancestor(unit, level);
  }

  /** The current units a published unit's figures belong to, or the unit itself. */
  private List<CrosswalkShare> destinations(long unitId, PlaceResolver places) {
    AdminUnit unit = places.unitById(unitId).orElseThrow();
    if (unit.validTo() == null) return List.of(new CrosswalkShare(unit.id(), unit.pcode(), 1.0));
    List<CrosswalkShare> shares = geography.crosswalkToCurrent(unitId);
    return shares.isEmpty() ? List.of(new CrosswalkShare(unit.id(), unit.pcode(), 1.0)) : shares;
  }

  /**
   * Splits a count by shares with the largest-remainder method: the parts are whole numbers that
   * add up to the count exactly.
   */
  static long[] split(long count, List<CrosswalkShare> shares) {
    int n = shares.size();
    long[] parts = new long[n];
    if (n == 1) {
      parts[0] = count;
      return parts;
    }
    double total = shares.stream().mapToDouble(CrosswalkShare::share).sum();
    double[] remainders = new double[n];
    long assigned = 0;
    for (int i = 0; i < n; i++) {
      double exact = count * shares.get(i).share() / total;
      parts[i] = (long) Math.floor(exact);
      remainders[i] = exact - parts[i];
      assigned += parts[i];
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
    for (int k = 0; assigned < count; k++, assigned++) parts[order[k % n]]++;
    return parts;
  }
}
