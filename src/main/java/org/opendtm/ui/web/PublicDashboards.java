package org.opendtm.ui.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Operation;
import org.opendtm.platform.NotFoundException;
import org.opendtm.publication.PublicFigure;
import org.opendtm.publication.PublicOperation;
import org.opendtm.publication.PublicReads;
import org.opendtm.publication.PublicationErrorCode;
import org.opendtm.ui.web.Dashboard.AreaRow;
import org.opendtm.ui.web.Dashboard.Headline;
import org.opendtm.ui.web.Dashboard.RoundOption;
import org.opendtm.ui.web.Dashboard.SeriesPoint;
import org.opendtm.ui.web.Dashboard.Slice;
import org.opendtm.ui.web.OperationSummary.Total;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Builds the public dashboard from exactly the records the public DTM API gives (IDPs, current
 * revisions, down to the operation's public admin level, disclosure control applied). Suppressed
 * cells are left out of every sum, and the page says so: a sum never reveals a hidden cell, since
 * the hidden cell's own total is not shown anywhere either.
 */
@Component
class PublicDashboards {

  private final PublicReads reads;
  private final GeographyManagement geography;
  private final MessageSource messages;

  PublicDashboards(PublicReads reads, GeographyManagement geography, MessageSource messages) {
    this.reads = reads;
    this.geography = geography;
    this.messages = messages;
  }

  /**
   * @param signedIn a signed-in partner's view of an operation they belong to: an operation with
   *     nothing published gets an empty dashboard instead of a 404
   */
  Dashboard build(
      String operationCode, Integer round, Integer level, String type, boolean signedIn) {
    PublicOperation published = reads.findOperation(operationCode).orElse(null);
    if (published == null) {
      if (!signedIn) {
        throw new NotFoundException(
            PublicationErrorCode.NOTHING_PUBLISHED,
            "No published figures for operation " + operationCode);
      }
      Operation operation = geography.getOperation(operationCode);
      return Dashboards.empty(operation, true, List.of(1), 1);
    }
    Operation operation = geography.getOperation(published.code());
    List<Integer> levels = new ArrayList<>();
    for (int l = 1; l <= Math.min(published.publicAdminLevel(), 2); l++) levels.add(l);
    if (levels.isEmpty()) levels.add(0);
    int chosenLevel = level != null && levels.contains(level) ? level : levels.get(0);

    boolean[] suppressed = {false};
    List<PublicFigure> national = reads.listFigures(published.code(), 0, null);
    TreeMap<Integer, LocalDate> rounds = new TreeMap<>();
    national.forEach(f -> rounds.put(f.roundNumber(), f.reportingDate()));
    if (rounds.isEmpty()) return Dashboards.empty(operation, true, levels, chosenLevel);
    int chosenRound = round == null ? rounds.lastKey() : round;
    if (!rounds.containsKey(chosenRound)) {
      throw new NotFoundException(
          PublicationErrorCode.ROUND_NOT_PUBLISHED,
          "Round " + chosenRound + " of " + operation.code() + " has not been published");
    }
    Integer previousRound = rounds.lowerKey(chosenRound);

    TreeSet<String> typeSet = new TreeSet<>(Comparator.comparingInt(OperationSummary::typeOrder));
    national.stream()
        .filter(f -> f.roundNumber() == chosenRound)
        .forEach(f -> typeSet.add(f.assessmentType()));
    List<String> types = List.copyOf(typeSet);
    String chosenType =
        type != null && types.contains(type)
            ? type
            : OperationSummary.preferredType(
                types.stream().map(t -> new Total(chosenRound, null, t, 0)).toList());

    Map<Integer, Long> byRound = new TreeMap<>();
    Map<String, Long> reasons = new LinkedHashMap<>();
    Map<String, Long> origins = new LinkedHashMap<>();
    for (PublicFigure f : national) {
      if (!f.assessmentType().equals(chosenType)) continue;
      if (f.individuals() == null) {
        if (f.roundNumber() == chosenRound) suppressed[0] = true;
        continue;
      }
      byRound.merge(f.roundNumber(), f.individuals(), Long::sum);
      if (f.roundNumber() == chosenRound) {
        reasons.merge(f.reason(), f.individuals(), Long::sum);
        origins.merge(
            PublicFiguresText.isNotAvailable(f.originAdmin1Pcode()) ? null : f.originAdmin1Name(),
            f.individuals(),
            Long::sum);
      }
    }
    Long idps = byRound.get(chosenRound);
    Long before = previousRound == null ? null : byRound.get(previousRound);
    Headline headline = new Headline(idps, idps == null || before == null ? null : idps - before);

    Map<String, AreaRow> areas = new LinkedHashMap<>();
    Map<String, Long> previous = new LinkedHashMap<>();
    List<Integer> wanted =
        previousRound == null ? List.of(chosenRound) : List.of(chosenRound, previousRound);
    for (int r : wanted) {
      for (PublicFigure f : reads.listFigures(published.code(), chosenLevel, r)) {
        if (!f.assessmentType().equals(chosenType)) continue;
        if (f.individuals() == null) {
          if (r == chosenRound) suppressed[0] = true;
          continue;
        }
        if (r == chosenRound) {
          AreaRow row =
              areas.getOrDefault(
                  f.pcode(), new AreaRow(f.pcode(), f.name(), null, 0L, null, null, null));
          areas.put(
              f.pcode(),
              new AreaRow(
                  row.pcode(), row.name(), null, row.idps() + f.individuals(), null, null, null));
        } else {
          previous.merge(f.pcode(), f.individuals(), Long::sum);
        }
      }
    }
    List<AreaRow> rows = new ArrayList<>();
    for (AreaRow row : areas.values()) {
      Long change =
          previousRound == null ? null : row.idps() - previous.getOrDefault(row.pcode(), 0L);
      rows.add(new AreaRow(row.pcode(), row.name(), null, row.idps(), change, null, null));
    }
    rows.sort(Comparator.comparing(AreaRow::pcode));

    List<SeriesPoint> series = new ArrayList<>();
    byRound.forEach((r, total) -> series.add(new SeriesPoint(r, rounds.get(r), total, null)));

    return new Dashboard(
        operation.code(),
        operation.name(),
        operation.countryName(),
        true,
        rounds.entrySet().stream().map(e -> new RoundOption(e.getKey(), e.getValue())).toList(),
        chosenRound,
        rounds.get(chosenRound),
        previousRound,
        types,
        chosenType,
        levels,
        chosenLevel,
        headline,
        null,
        null,
        rows,
        slices(reasons, Integer.MAX_VALUE),
        slices(origins, Dashboards.TOP_ORIGINS),
        series,
        List.of(),
        null,
        suppressed[0],
        reads
            .findBreakdown(published.code(), chosenRound, chosenType, null)
            .map(b -> BreakdownCharts.of(b, messages, LocaleContextHolder.getLocale()))
            .orElse(null));
  }

  private static List<Slice> slices(Map<String, Long> sums, int limit) {
    return sums.entrySet().stream()
        .map(e -> new Slice(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingLong(Slice::individuals).reversed())
        .limit(limit)
        .toList();
  }

  /** The public API's wording for a missing origin. */
  static final class PublicFiguresText {
    static boolean isNotAvailable(String pcode) {
      return pcode == null || "Not available".equals(pcode);
    }

    private PublicFiguresText() {}
  }
}
