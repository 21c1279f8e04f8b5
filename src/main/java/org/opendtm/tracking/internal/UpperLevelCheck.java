package org.opendtm.tracking.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendtm.tracking.AssessmentType;

/**
 * Compares the upper-level records of a DTM API file (admin 0 and 1) with the sums of its finest
 * records. Memory grows with the number of upper-level cells (units × reasons × origins), never
 * with the number of finest records.
 */
final class UpperLevelCheck {

  /**
   * A disagreement: the file states {@code stated} at the unit but its finest rows sum to more or
   * less.
   */
  record Mismatch(
      AssessmentType type,
      int level,
      String pcode,
      String name,
      String reason,
      String origin,
      int finestLevel,
      long stated,
      long derived) {}

  private record Cell(AssessmentType type, int level, String pcode, String reason, String origin) {}

  private record Derived(int sourceLevel, Cell cell) {}

  private final Map<Cell, Long> stated = new HashMap<>();
  private final Map<Derived, Long> derived = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private int finest = -1;

  void add(
      AssessmentType type,
      int level,
      String[] codes,
      String[] names,
      String reason,
      String origin,
      Integer individuals) {
    if (individuals == null || level < 0) return;
    finest = Math.max(finest, level);
    if (level < 2) {
      stated.merge(
          new Cell(type, level, key(codes[level]), reason, origin), (long) individuals, Long::sum);
      if (names[level] != null) this.names.putIfAbsent(key(codes[level]), names[level]);
    }
    for (int k = 0; k < level; k++) {
      if (codes[k] == null) continue;
      derived.merge(
          new Derived(level, new Cell(type, k, key(codes[k]), reason, origin)),
          (long) individuals,
          Long::sum);
      if (names[k] != null) this.names.putIfAbsent(key(codes[k]), names[k]);
    }
  }

  int finestLevel() {
    return finest;
  }

  List<Mismatch> mismatches() {
    List<Mismatch> result = new ArrayList<>();
    stated.forEach(
        (cell, value) -> {
          if (cell.level() >= finest) return;
          long sum = derived.getOrDefault(new Derived(finest, cell), 0L);
          if (sum != value) {
            result.add(
                new Mismatch(
                    cell.type(),
                    cell.level(),
                    cell.pcode(),
                    names.get(cell.pcode()),
                    cell.reason(),
                    cell.origin(),
                    finest,
                    value,
                    sum));
          }
        });
    result.sort(
        java.util.Comparator.comparing(Mismatch::level)
            .thenComparing(Mismatch::pcode)
            .thenComparing(m -> String.valueOf(m.reason())));
    return result;
  }

  private static String key(String pcode) {
    return pcode.toUpperCase(Locale.ROOT);
  }
}
