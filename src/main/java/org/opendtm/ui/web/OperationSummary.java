package org.opendtm.ui.web;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One line of an operations list: the latest published round's totals and the change since the
 * round before, for one assessment type (types are never added: see {@link #preferredType}).
 *
 * @param returnees null where returnees are not shown (public pages: the public API has IDPs only)
 */
record OperationSummary(
    String code,
    String name,
    String country,
    Integer round,
    LocalDate reportingDate,
    String assessmentType,
    Long idps,
    Long idpChange,
    Long returnees,
    Long returneeChange) {

  /** The trend of IDPs: {@code up}, {@code down} or {@code flat}; null without a previous round. */
  public String trend() {
    if (idpChange == null) return null;
    return idpChange > 0 ? "up" : idpChange < 0 ? "down" : "flat";
  }

  /** One round's total of one type. */
  record Total(int round, LocalDate reportingDate, String assessmentType, long individuals) {}

  /**
   * The assessment type a headline shows: of the types in the latest round, baseline (BA) first,
   * then site assessments (SA), then emergency tracking (ETT).
   */
  static String preferredType(List<Total> totals) {
    int latest = totals.stream().mapToInt(Total::round).max().orElse(0);
    return totals.stream()
        .filter(t -> t.round() == latest)
        .map(Total::assessmentType)
        .min(Comparator.comparingInt(OperationSummary::typeOrder))
        .orElse(null);
  }

  static int typeOrder(String type) {
    return switch (type) {
      case "BA" -> 0;
      case "SA" -> 1;
      case "ETT" -> 2;
      default -> 3;
    };
  }

  /** The latest and previous totals of a type, by round (rounds of that type only). */
  static Long[] latestAndChange(List<Total> totals, String type, Integer round) {
    Map<Integer, Total> byRound =
        totals.stream()
            .filter(t -> t.assessmentType().equals(type))
            .collect(Collectors.toMap(Total::round, Function.identity(), (a, b) -> a));
    if (round == null || !byRound.containsKey(round)) return new Long[] {null, null};
    long latest = byRound.get(round).individuals();
    Integer previous =
        byRound.keySet().stream().filter(r -> r < round).max(Integer::compare).orElse(null);
    Long change = previous == null ? null : latest - byRound.get(previous).individuals();
    return new Long[] {latest, change};
  }
}
