package org.opendtm.ui.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.platform.NotFoundException;
import org.opendtm.platform.PhaseTimer;
import org.opendtm.publication.AggregateQuery;
import org.opendtm.publication.AggregateRow;
import org.opendtm.publication.Breakdown;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.publication.PublicationManagement;
import org.opendtm.publication.TimeSeriesPoint;
import org.opendtm.ui.web.Dashboard.AreaOption;
import org.opendtm.ui.web.Dashboard.AreaRow;
import org.opendtm.ui.web.Dashboard.Headline;
import org.opendtm.ui.web.Dashboard.RoundOption;
import org.opendtm.ui.web.Dashboard.SeriesPoint;
import org.opendtm.ui.web.Dashboard.Slice;
import org.opendtm.ui.web.OperationSummary.Total;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Builds the signed-in dashboard from the publication module's reads of published aggregates (all
 * stored at publication, so each read is an index lookup: a handful of queries per page whatever
 * the number of locations).
 */
@Component
class Dashboards {

  static final int TOP_ORIGINS = 10;

  private static final Logger log = LoggerFactory.getLogger(Dashboards.class);

  private final PublicationManagement publication;
  private final GeographyManagement geography;
  private final MessageSource messages;

  Dashboards(
      PublicationManagement publication, GeographyManagement geography, MessageSource messages) {
    this.publication = publication;
    this.geography = geography;
    this.messages = messages;
  }

  Dashboard build(String operationCode, Integer round, Integer level, String type, String area) {
    PhaseTimer timer = new PhaseTimer();
    Dashboard dashboard = build(operationCode, round, level, type, area, timer);
    log.debug("Dashboard of {} in {} ms: {}", operationCode, timer.totalMillis(), timer);
    return dashboard;
  }

  private Dashboard build(
      String operationCode,
      Integer round,
      Integer level,
      String type,
      String area,
      PhaseTimer timer) {
    Operation operation = geography.getOperation(operationCode);
    List<TimeSeriesPoint> idpSeries = publication.timeSeries(operation.code(), "IDP", null, null);
    List<TimeSeriesPoint> returneeSeries =
        publication.timeSeries(operation.code(), "RETURNEE", null, null);
    TreeMap<Integer, LocalDate> published = new TreeMap<>();
    Map<Integer, Integer> revisions = new HashMap<>();
    for (TimeSeriesPoint p : idpSeries) published.put(p.roundNumber(), p.reportingDate());
    for (TimeSeriesPoint p : returneeSeries) published.put(p.roundNumber(), p.reportingDate());
    for (TimeSeriesPoint p : idpSeries) revisions.put(p.roundNumber(), p.revision());
    for (TimeSeriesPoint p : returneeSeries) revisions.putIfAbsent(p.roundNumber(), p.revision());
    List<RoundOption> rounds =
        published.entrySet().stream().map(e -> new RoundOption(e.getKey(), e.getValue())).toList();
    List<Integer> levels = levels(operation.adminLevels());
    int chosenLevel = level != null && levels.contains(level) ? level : levels.get(0);
    if (published.isEmpty()) {
      return empty(operation, false, levels, chosenLevel);
    }
    timer.lap("rounds");
    int chosenRound = round == null ? published.lastKey() : round;
    if (!published.containsKey(chosenRound)) {
      throw new NotFoundException(
          PublicationErrorCode.ROUND_NOT_PUBLISHED,
          "Round " + chosenRound + " of " + operation.code() + " has not been published");
    }
    Integer previousRound = published.lowerKey(chosenRound);

    List<AggregateRow> national = totals(operation, chosenRound, revisions, 0);
    List<String> types = types(national);
    List<Total> totals =
        national.stream()
            .map(r -> new Total(chosenRound, r.reportingDate(), r.assessmentType(), 0))
            .toList();
    String chosenType =
        type != null && types.contains(type) ? type : OperationSummary.preferredType(totals);
    List<AggregateRow> nationalBefore =
        previousRound == null ? List.of() : totals(operation, previousRound, revisions, 0);

    Headline idps = headline(national, nationalBefore, chosenType, "IDP", false);
    Headline returnees = headline(national, nationalBefore, chosenType, "RETURNEE", false);
    Headline households = headline(national, nationalBefore, chosenType, "IDP", true);

    // the table shows one assessment type, and only IDPs of the previous round: asking for no
    // more than that halves what PostgreSQL groups at admin 2 (two types, two groups per unit)
    List<AggregateRow> rows =
        totals(operation, chosenRound, revisions, chosenLevel, null, chosenType);
    Map<String, Long> before = new HashMap<>();
    if (previousRound != null) {
      for (AggregateRow r :
          totals(operation, previousRound, revisions, chosenLevel, "IDP", chosenType)) {
        if (r.assessmentType().equals(chosenType) && r.populationGroup().equals("IDP")) {
          before.put(r.pcode(), r.individuals());
        }
      }
    }
    List<AreaRow> areas = areas(rows, chosenType, before, previousRound != null);
    timer.lap("headline and table");

    List<Slice> reasons =
        slices(
            publication.listAggregates(
                operation.code(),
                chosenRound,
                new AggregateQuery(0, "IDP", chosenType, null, Breakdown.REASON)),
            r -> r.reason());
    List<Slice> origins =
        slices(
                publication.listAggregates(
                    operation.code(),
                    chosenRound,
                    new AggregateQuery(0, "IDP", chosenType, null, Breakdown.ORIGIN)),
                r -> r.originAdmin1Pcode() == null ? null : r.originAdmin1Name())
            .stream()
            .limit(TOP_ORIGINS)
            .toList();
    timer.lap("breakdowns");

    List<AreaOption> areaOptions = new ArrayList<>();
    for (AdminUnit unit : geography.listUnits(operation.id(), 1)) {
      areaOptions.add(new AreaOption(unit.pcode(), unit.name()));
    }
    if (chosenLevel > 1) {
      areas.forEach(a -> areaOptions.add(new AreaOption(a.pcode(), a.name())));
    }
    String chosenArea =
        area != null && areaOptions.stream().anyMatch(o -> o.pcode().equals(area)) ? area : null;
    // the operation's series were read for the list of rounds already
    List<SeriesPoint> series =
        chosenArea == null
            ? series(ofType(idpSeries, chosenType), ofType(returneeSeries, chosenType))
            : series(
                publication.timeSeries(operation.code(), "IDP", chosenType, chosenArea),
                publication.timeSeries(operation.code(), "RETURNEE", chosenType, chosenArea));
    timer.lap("time series");
    BreakdownCharts breakdowns =
        publication
            .findBreakdown(operation.code(), chosenRound, chosenType, "IDP", chosenArea)
            .map(b -> BreakdownCharts.of(b, messages, LocaleContextHolder.getLocale()))
            .orElse(null);
    timer.lap("sex-and-age and shelter");

    return new Dashboard(
        operation.code(),
        operation.name(),
        operation.countryName(),
        false,
        rounds,
        chosenRound,
        published.get(chosenRound),
        previousRound,
        types,
        chosenType,
        levels,
        chosenLevel,
        idps,
        returnees,
        households,
        areas,
        reasons,
        origins,
        series,
        areaOptions,
        chosenArea,
        false,
        breakdowns);
  }

  private static List<TimeSeriesPoint> ofType(List<TimeSeriesPoint> points, String type) {
    return points.stream().filter(p -> p.assessmentType().equals(type)).toList();
  }

  /** Admin levels a dashboard offers: 1 to the operation's finest, at most 3 (maps get heavy). */
  static List<Integer> levels(int adminLevels) {
    List<Integer> levels = new ArrayList<>();
    for (int l = 1; l <= Math.max(1, Math.min(adminLevels, 3)); l++) levels.add(l);
    return levels;
  }

  static Dashboard empty(Operation operation, boolean publicView, List<Integer> levels, int level) {
    return new Dashboard(
        operation.code(),
        operation.name(),
        operation.countryName(),
        publicView,
        List.of(),
        null,
        null,
        null,
        List.of(),
        null,
        levels,
        level,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        false,
        null);
  }

  private List<AggregateRow> totals(
      Operation operation, int round, Map<Integer, Integer> revisions, int level) {
    return totals(operation, round, revisions, level, null, null);
  }

  /**
   * Totals of a round at a level, kept in memory by round <em>revision</em>: a published revision's
   * aggregates never change (a correction is a new revision, and the series read at the start of
   * the page names the current one), so the admin-2 table of 100,000 locations is grouped once per
   * revision instead of at every page view.
   */
  private List<AggregateRow> totals(
      Operation operation,
      int round,
      Map<Integer, Integer> revisions,
      int level,
      String group,
      String type) {
    AggregateQuery query = new AggregateQuery(level, group, type, null, Breakdown.NONE);
    Integer revision = revisions.get(round);
    if (revision == null) return publication.listAggregates(operation.code(), round, query);
    TotalsKey key = new TotalsKey(operation.code(), round, revision, query);
    List<AggregateRow> rows = totalsCache.get(key);
    if (rows == null) {
      rows = List.copyOf(publication.listAggregates(operation.code(), round, query));
      totalsCache.put(key, rows);
    }
    return rows;
  }

  private record TotalsKey(String operation, int round, int revision, AggregateQuery query) {}

  /**
   * Entries of the totals cache: a page uses four, an admin-2 entry of 100,000 places ~700 rows.
   */
  static final int TOTALS_CACHED = 256;

  private final Map<TotalsKey, List<AggregateRow>> totalsCache =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TotalsKey, List<AggregateRow>> eldest) {
              return size() > TOTALS_CACHED;
            }
          });

  private static List<String> types(List<AggregateRow> rows) {
    TreeSet<String> types = new TreeSet<>(Comparator.comparingInt(OperationSummary::typeOrder));
    rows.forEach(r -> types.add(r.assessmentType()));
    return List.copyOf(types);
  }

  private static Headline headline(
      List<AggregateRow> now,
      List<AggregateRow> before,
      String type,
      String group,
      boolean households) {
    Long value = sum(now, type, group, households);
    Long previous = sum(before, type, group, households);
    return new Headline(value, value == null || previous == null ? null : value - previous);
  }

  private static Long sum(List<AggregateRow> rows, String type, String group, boolean households) {
    Long total = null;
    for (AggregateRow r : rows) {
      if (!r.assessmentType().equals(type) || !r.populationGroup().equals(group)) continue;
      total = (total == null ? 0 : total) + (households ? r.households() : r.individuals());
    }
    return total;
  }

  private static List<AreaRow> areas(
      List<AggregateRow> rows, String type, Map<String, Long> before, boolean hasPrevious) {
    Map<String, AreaRow> byPcode = new LinkedHashMap<>();
    for (AggregateRow r : rows) {
      if (!r.assessmentType().equals(type)) continue;
      AreaRow row =
          byPcode.getOrDefault(
              r.pcode(), new AreaRow(r.pcode(), r.name(), parentName(r), null, null, null, null));
      if (r.populationGroup().equals("IDP")) {
        Long previous = before.get(r.pcode());
        row =
            new AreaRow(
                row.pcode(),
                row.name(),
                row.parentName(),
                r.individuals(),
                hasPrevious ? r.individuals() - (previous == null ? 0 : previous) : null,
                row.returnees(),
                r.households());
      } else if (r.populationGroup().equals("RETURNEE")) {
        row =
            new AreaRow(
                row.pcode(),
                row.name(),
                row.parentName(),
                row.idps(),
                row.idpChange(),
                r.individuals(),
                row.idpHouseholds());
      }
      byPcode.put(r.pcode(), row);
    }
    List<AreaRow> areas = new ArrayList<>(byPcode.values());
    areas.sort(Comparator.comparing(AreaRow::pcode));
    return areas;
  }

  private static String parentName(AggregateRow r) {
    return switch (r.adminLevel()) {
      case 2 -> r.admin1Name();
      case 3 -> r.admin2Name();
      default -> null;
    };
  }

  /** Sums per label, largest first; a null label is "not available" (shown from the bundle). */
  private static List<Slice> slices(
      List<AggregateRow> rows, java.util.function.Function<AggregateRow, String> label) {
    Map<String, Long> sums = new LinkedHashMap<>();
    for (AggregateRow r : rows) sums.merge(label.apply(r), r.individuals(), Long::sum);
    return sums.entrySet().stream()
        .map(e -> new Slice(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingLong(Slice::individuals).reversed())
        .toList();
  }

  private static List<SeriesPoint> series(
      List<TimeSeriesPoint> idps, List<TimeSeriesPoint> returnees) {
    TreeMap<Integer, SeriesPoint> byRound = new TreeMap<>();
    for (TimeSeriesPoint p : idps) {
      byRound.put(
          p.roundNumber(),
          new SeriesPoint(p.roundNumber(), p.reportingDate(), p.individuals(), null));
    }
    for (TimeSeriesPoint p : returnees) {
      SeriesPoint known = byRound.get(p.roundNumber());
      byRound.put(
          p.roundNumber(),
          new SeriesPoint(
              p.roundNumber(),
              p.reportingDate(),
              known == null ? null : known.idps(),
              p.individuals()));
    }
    return List.copyOf(byRound.values());
  }
}
