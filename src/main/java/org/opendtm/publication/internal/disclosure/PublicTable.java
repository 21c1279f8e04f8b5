package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the additive table of one published revision's public cells: admin 0 > admin 1 > admin 2 x
 * reason x origin admin 1 x measure, per assessment type (types are never added up).
 *
 * <p>Measures: individuals, males, females, with {@code individuals = males + females} where both
 * are known. Margins over reason ({@code *}) and over origin ({@code *}) are added as if they were
 * published: the DTM API does not publish them today, but maps and public pages show a unit's
 * total, and a pattern safe against those totals stays safe when they appear. Cells whose value is
 * unknown (sex totals null) are not in the table, nor is any equation that would need them.
 *
 * <p>Primary rule, threshold T: an individuals cell is sensitive when its individuals or its
 * households are in 1..T-1 (households are not published but a small number of households is as
 * identifying); a males/females cell when that count is in 1..T-1.
 */
public final class PublicTable {

  /** Measures of a cell key. */
  public static final String INDIVIDUALS = "ind";

  public static final String MALES = "m";
  public static final String FEMALES = "f";

  /** Key of a margin (all reasons, or all origins). */
  public static final String ALL = "*";

  /** Separates a key's parts (a control character no name or P-code contains). */
  static final char SEP = '\u001f';

  /**
   * One published cell (a row of {@code publication.aggregate}).
   *
   * @param geo the unit's key (P-code), unique within the table
   * @param parentGeo the parent unit's key, null at admin 0
   * @param origin origin admin 1 key, or any fixed text for "not available"
   */
  public record Row(
      String type,
      int level,
      String geo,
      String parentGeo,
      String reason,
      String origin,
      long households,
      long individuals,
      Long males,
      Long females) {}

  private PublicTable() {}

  /** The key of a row's measure, as used in {@link Table}. */
  public static String key(String type, String geo, String reason, String origin, String measure) {
    return type + SEP + geo + SEP + reason + SEP + origin + SEP + measure;
  }

  public static Table build(List<Row> rows, int threshold) {
    // cell coordinates without the measure -> summed values, including the margins
    Map<String, long[]> hh = new LinkedHashMap<>();
    Map<String, Long[]> sums = new LinkedHashMap<>(); // {individuals, males, females}
    Map<String, String> geoParent = new LinkedHashMap<>();
    Map<String, List<String>> geoChildren = new LinkedHashMap<>(); // type.parentGeo -> child geos
    Map<String, List<String>> reasons = new LinkedHashMap<>(); // type.geo|origin -> reasons
    Map<String, List<String>> origins = new LinkedHashMap<>(); // type.geo|reason -> origins
    Map<String, Set<String>> unitReasons = new LinkedHashMap<>(); // type.geo -> reasons
    for (Row row : rows) {
      if (row.parentGeo() != null
          && geoParent.put(row.type() + SEP + row.geo(), row.parentGeo()) == null) {
        geoChildren
            .computeIfAbsent(row.type() + SEP + row.parentGeo(), x -> new ArrayList<>())
            .add(row.geo());
      }
      String[][] coordinates = {
        {row.reason(), row.origin()}, {ALL, row.origin()}, {row.reason(), ALL}, {ALL, ALL}
      };
      for (String[] c : coordinates) {
        String cell = row.type() + SEP + row.geo() + SEP + c[0] + SEP + c[1];
        hh.computeIfAbsent(cell, x -> new long[1])[0] += row.households();
        Long[] sum = sums.computeIfAbsent(cell, x -> new Long[] {0L, 0L, 0L});
        sum[0] += row.individuals();
        sum[1] = sum[1] == null || row.males() == null ? null : sum[1] + row.males();
        sum[2] = sum[2] == null || row.females() == null ? null : sum[2] + row.females();
      }
      unitReasons
          .computeIfAbsent(row.type() + SEP + row.geo(), x -> new LinkedHashSet<>())
          .add(row.reason());
      reasons
          .computeIfAbsent(
              row.type() + SEP + row.geo() + SEP + row.origin(), x -> new ArrayList<>())
          .add(row.reason());
      origins
          .computeIfAbsent(
              row.type() + SEP + row.geo() + SEP + row.reason(), x -> new ArrayList<>())
          .add(row.origin());
    }
    Table table = new Table();
    for (Map.Entry<String, Long[]> cell : sums.entrySet()) {
      Long[] sum = cell.getValue();
      long households = hh.get(cell.getKey())[0];
      table.cell(
          cell.getKey() + SEP + INDIVIDUALS,
          sum[0],
          small(sum[0], threshold) || small(households, threshold));
      if (sum[1] != null) table.cell(cell.getKey() + SEP + MALES, sum[1], small(sum[1], threshold));
      if (sum[2] != null) {
        table.cell(cell.getKey() + SEP + FEMALES, sum[2], small(sum[2], threshold));
      }
    }
    String[] measures = {INDIVIDUALS, MALES, FEMALES};
    for (String cell : sums.keySet()) {
      String[] p = cell.split(String.valueOf(SEP), -1); // type, geo, reason, origin
      String type = p[0];
      String geo = p[1];
      // sex: individuals = males + females
      table.equation(
          key(type, geo, p[2], p[3], INDIVIDUALS),
          List.of(key(type, geo, p[2], p[3], MALES), key(type, geo, p[2], p[3], FEMALES)));
      for (String measure : measures) {
        // geography: this unit = sum of its children units (same reason, origin, measure)
        List<String> children = geoChildren.getOrDefault(type + SEP + geo, List.of());
        List<String> childKeys = new ArrayList<>();
        for (String child : children) {
          if (sums.containsKey(type + SEP + child + SEP + p[2] + SEP + p[3])) {
            childKeys.add(key(type, child, p[2], p[3], measure));
          }
        }
        if (!childKeys.isEmpty()) table.equation(key(type, geo, p[2], p[3], measure), childKeys);
        // reason margin = sum over reasons; origin margin = sum over origins
        if (p[2].equals(ALL)) {
          List<String> parts = new ArrayList<>();
          if (p[3].equals(ALL)) {
            for (String r : unitReasons.get(type + SEP + geo)) {
              parts.add(key(type, geo, r, ALL, measure));
            }
          } else {
            for (String r : reasons.getOrDefault(type + SEP + geo + SEP + p[3], List.of())) {
              parts.add(key(type, geo, r, p[3], measure));
            }
          }
          table.equation(key(type, geo, ALL, p[3], measure), parts);
        }
        if (p[3].equals(ALL) && !p[2].equals(ALL)) {
          List<String> parts = new ArrayList<>();
          for (String o : origins.getOrDefault(type + SEP + geo + SEP + p[2], List.of())) {
            parts.add(key(type, geo, p[2], o, measure));
          }
          table.equation(key(type, geo, p[2], ALL, measure), parts);
        }
      }
    }
    // equations naming a cell that does not exist (unknown sex totals) are dropped by Table
    table.equations.removeIf(
        eq -> {
          for (String k : eq) if (!table.values.containsKey(k)) return true;
          return false;
        });
    return table;
  }

  private static boolean small(long value, int threshold) {
    return value >= 1 && value < threshold;
  }
}
