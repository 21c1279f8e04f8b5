package org.opendtm.ui.web;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything an operation's dashboard shows for one published round, admin level and assessment
 * type; signed-in and public dashboards share it (the public one has no returnees and no sites).
 *
 * @param rounds the published rounds, oldest first; empty when nothing is published
 * @param suppressed public dashboards: some cells were hidden by disclosure control, so sums are
 *     lower bounds
 * @param breakdowns IDPs of the chosen area (or the whole operation) by sex-and-age band and
 *     shelter type; null when the round's revision has none
 */
record Dashboard(
    String operationCode,
    String operationName,
    String country,
    boolean publicView,
    List<RoundOption> rounds,
    Integer round,
    LocalDate reportingDate,
    Integer previousRound,
    List<String> types,
    String type,
    List<Integer> levels,
    int level,
    Headline idps,
    Headline returnees,
    Headline households,
    List<AreaRow> areas,
    List<Slice> reasons,
    List<Slice> origins,
    List<SeriesPoint> series,
    List<AreaOption> areaOptions,
    String area,
    boolean suppressed,
    BreakdownCharts breakdowns) {

  record RoundOption(int number, LocalDate reportingDate) {}

  /** A figure and its change since the previous round (null when there is none). */
  record Headline(Long value, Long change) {}

  /** One admin area of the table and the map. */
  record AreaRow(
      String pcode,
      String name,
      String parentName,
      Long idps,
      Long idpChange,
      Long returnees,
      Long idpHouseholds) {}

  /** One bar of a breakdown. */
  record Slice(String label, long individuals) {}

  record SeriesPoint(int round, LocalDate reportingDate, Long idps, Long returnees) {}

  record AreaOption(String pcode, String name) {}

  public boolean published() {
    return round != null;
  }
}
