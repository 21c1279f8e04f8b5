package org.opendtm.publication.internal.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Random hierarchical tables (admin 0 > admin 1 > admin 2 x reason x origin x sex, one or two
 * assessment types) built from random leaf figures; after suppression no published cell is small
 * and the independent {@link Attacker} derives no hidden value -- for one revision and for two
 * revisions of a round read together.
 */
class PublicTableProperties {

  @Property(tries = 150)
  void noSmallCellIsPublishedAndNoHiddenValueCanBeDerived(
      @ForAll long seed, @ForAll @IntRange(min = 5, max = 15) int threshold) {
    Random random = new Random(seed);
    Map<String, long[]> leaves = randomLeaves(random);
    Table table = PublicTable.build(rows(leaves), threshold);
    Table.Protection protection = table.protect(List.of());

    assertThat(protection.unresolved()).isEmpty();
    assertNoSmallCellPublished(table, protection.hidden(), threshold, leaves);
    assertThat(protection.hidden()).containsAll(table.sensitive());
    assertThat(Attacker.disclosed(List.of(new Table.Release(table, protection.hidden()))))
        .isEmpty();
  }

  @Property(tries = 100)
  void differencingTwoRevisionsRevealsNoHiddenValue(
      @ForAll long seed, @ForAll @IntRange(min = 5, max = 12) int threshold) {
    Random random = new Random(seed);
    Map<String, long[]> leaves = randomLeaves(random);
    Table first = PublicTable.build(rows(leaves), threshold);
    Table.Protection firstProtection = first.protect(List.of());
    Table.Release firstRelease = new Table.Release(first, firstProtection.hidden());

    Map<String, long[]> corrected = correct(leaves, random);
    Table second = PublicTable.build(rows(corrected), threshold);
    Table.Protection secondProtection = second.protect(List.of(firstRelease));

    Statistics.collect(secondProtection.unresolved().isEmpty() ? "protected" : "unresolved");
    Statistics.coverage(coverage -> coverage.check("unresolved").percentage(p -> p < 20));
    assertNoSmallCellPublished(second, secondProtection.hidden(), threshold, corrected);
    Table.Release secondRelease = new Table.Release(second, secondProtection.hidden());
    Set<String> disclosed = Attacker.disclosed(List.of(firstRelease, secondRelease));
    // no primary value of either revision can be derived from both together, except what the
    // engine itself reports as unresolved (already derivable from revision 1 + unchanged cells)
    for (Table table : List.of(first, second)) {
      for (String key : table.sensitive()) {
        String cell = key + "=" + table.values().get(key);
        if (disclosed.contains(cell)) assertThat(secondProtection.unresolved()).contains(cell);
      }
    }
    // nothing shown as suppressed in revision 2 can be derived (a complement of revision 1 may
    // become derivable once most cells are known unchanged: it was never sensitive)
    for (String key : secondProtection.hidden()) {
      String cell = key + "=" + second.values().get(key);
      if (!secondProtection.unresolved().contains(cell)) assertThat(disclosed).doesNotContain(cell);
    }
    // sticky: hidden in revision 1 stays hidden in revision 2, unless it is derivable anyway
    for (String key : firstProtection.hidden()) {
      if (second.values().containsKey(key) && !secondProtection.hidden().contains(key)) {
        Set<String> more = new java.util.HashSet<>(secondProtection.hidden());
        more.add(key);
        assertThat(Attacker.disclosed(List.of(firstRelease, new Table.Release(second, more))))
            .contains(key + "=" + second.values().get(key));
      }
    }
  }

  /** The attacker is real: an unprotected single small cell is found by it. */
  @Property(tries = 30)
  void theAttackerFindsACellHiddenWithoutComplements(@ForAll long seed) {
    Random random = new Random(seed);
    Map<String, long[]> leaves = randomLeaves(random);
    Table table = PublicTable.build(rows(leaves), 10);
    // hide one admin-2 individuals cell with a non-zero value and nothing else
    String target =
        table.values().entrySet().stream()
            .filter(e -> e.getKey().contains("\u001fA2-") && e.getKey().endsWith("\u001find"))
            .filter(e -> e.getValue() > 0)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (target == null) return;
    assertThat(Attacker.disclosed(List.of(new Table.Release(table, Set.of(target)))))
        .containsExactly(target + "=" + table.values().get(target));
  }

  private static void assertNoSmallCellPublished(
      Table table, Set<String> hidden, int threshold, Map<String, long[]> leaves) {
    table
        .values()
        .forEach(
            (key, value) -> {
              if (!hidden.contains(key)) {
                assertThat(value)
                    .as(key)
                    .satisfiesAnyOf(
                        v -> assertThat(v).isZero(),
                        v -> assertThat(v).isGreaterThanOrEqualTo(threshold));
              }
            });
    // households are not published, but a cell of 1..T-1 households hides its individuals
    for (String key : table.sensitive()) assertThat(hidden).contains(key);
  }

  // ---- random data: leaf = type|admin2|reason|origin -> {households, individuals, males, females}
  // (males = -1: sex unknown)

  static Map<String, long[]> randomLeaves(Random random) {
    Map<String, long[]> leaves = new LinkedHashMap<>();
    int types = 1 + random.nextInt(2);
    int admin1 = 1 + random.nextInt(3);
    int reasons = 1 + random.nextInt(3);
    int origins = 1 + random.nextInt(2);
    for (int t = 0; t < types; t++) {
      for (int a = 0; a < admin1; a++) {
        int admin2 = 1 + random.nextInt(3);
        for (int b = 0; b < admin2; b++) {
          for (int r = 0; r < reasons; r++) {
            for (int o = 0; o < origins; o++) {
              if (random.nextDouble() < 0.35) continue;
              leaves.put(
                  "T" + t + "|A2-" + a + "-" + b + "|R" + r + "|O" + o, randomFigure(random));
            }
          }
        }
      }
    }
    return leaves;
  }

  static long[] randomFigure(Random random) {
    long individuals =
        switch (random.nextInt(4)) {
          case 0 -> random.nextInt(10); // small (or zero)
          case 1 -> 5 + random.nextInt(20);
          default -> random.nextInt(80);
        };
    long households = individuals == 0 ? 0 : Math.max(1, individuals / (1 + random.nextInt(6)));
    if (random.nextDouble() < 0.1) return new long[] {households, individuals, -1, -1};
    long males = individuals == 0 ? 0 : random.nextInt((int) individuals + 1);
    return new long[] {households, individuals, males, individuals - males};
  }

  /** A corrected revision: some figures change, some disappear, some appear. */
  static Map<String, long[]> correct(Map<String, long[]> leaves, Random random) {
    Map<String, long[]> result = new LinkedHashMap<>();
    leaves.forEach(
        (key, figure) -> {
          double d = random.nextDouble();
          if (d < 0.1) return; // dropped
          result.put(key, d < 0.4 ? randomFigure(random) : figure);
        });
    Map<String, long[]> extra = randomLeaves(random);
    extra.forEach(
        (key, figure) -> {
          if (random.nextDouble() < 0.15) result.putIfAbsent(key, figure);
        });
    return result;
  }

  /** Rows at admin 0, 1 and 2, each the sum of its leaves (sex unknown if any leaf lacks it). */
  static List<PublicTable.Row> rows(Map<String, long[]> leaves) {
    Map<String, long[]> cells = new LinkedHashMap<>(); // type|level|geo|parent|reason|origin
    leaves.forEach(
        (key, f) -> {
          String[] p = key.split("\\|");
          String admin2 = p[1];
          String admin1 = "A1-" + admin2.split("-")[1];
          String[][] places = {{"0", "A0", null}, {"1", admin1, "A0"}, {"2", admin2, admin1}};
          for (String[] place : places) {
            String cell =
                p[0] + "|" + place[0] + "|" + place[1] + "|" + place[2] + "|" + p[2] + "|" + p[3];
            long[] sum = cells.computeIfAbsent(cell, x -> new long[4]);
            sum[0] += f[0];
            sum[1] += f[1];
            sum[2] = sum[2] < 0 || f[2] < 0 ? -1 : sum[2] + f[2];
            sum[3] = sum[3] < 0 || f[3] < 0 ? -1 : sum[3] + f[3];
          }
        });
    List<PublicTable.Row> rows = new ArrayList<>();
    cells.forEach(
        (cell, s) -> {
          String[] p = cell.split("\\|");
          rows.add(
              new PublicTable.Row(
                  p[0],
                  Integer.parseInt(p[1]),
                  p[2],
                  "null".equals(p[3]) ? null : p[3],
                  p[4],
                  p[5],
                  s[0],
                  s[1],
                  s[2] < 0 ? null : s[2],
                  s[3] < 0 ? null : s[3]));
        });
    return rows;
  }
}
