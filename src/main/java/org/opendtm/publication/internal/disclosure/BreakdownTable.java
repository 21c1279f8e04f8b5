package org.opendtm.publication.internal.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the additive table of one revision's public breakdown cells — IDPs per unit (admin 0 > 1 >
 * 2) x type by sex-and-age band and sex, and by shelter type — tied to the revision's aggregate
 * table through the unit totals the public already sees.
 *
 * <p>Cells and equations: every band cell and shelter cell; a unit's cell = the sum of its child
 * units' cells (same type, band and sex, or shelter); and where the numbers hold exactly, the
 * unit's published females (males) = the sum of its female (male) bands, its individuals = females
 * + males, and its individuals = the sum of its shelters. Those totals are keyed as in {@link
 * PublicTable}, so that with the aggregates' run given as an earlier release they are the same
 * variables as the aggregates' cells: published there means known here, hidden there stays hidden,
 * and the aggregates' primary cells must not become derivable through the breakdowns either. A
 * total that does not equal the aggregates' value (figures whose bands do not add up) is left out
 * with its equation: the attacker does not know it, so it constrains nothing.
 *
 * <p>Primary rule, threshold T, as for the aggregates: a band cell is sensitive when its count is
 * in 1..T-1; a shelter cell when its individuals or its households are.
 */
final class BreakdownTable {

  /** The "reason" part of a breakdown key (a control character keeps it apart from reasons). */
  static final String SEX_AGE = "\u001esex-age";

  static final String SHELTER = "\u001eshelter";

  /** One unit's bands, {@code females[i]} and {@code males[i]} for band {@code bands[i]}. */
  record SexAgeCells(
      String type,
      String geo,
      String parentGeo,
      List<String> bands,
      long[] females,
      long[] males) {}

  /** One unit's individuals and households in one shelter type. */
  record ShelterCell(
      String type,
      String geo,
      String parentGeo,
      String shelter,
      long households,
      long individuals) {}

  private BreakdownTable() {}

  static String sexAgeKey(String type, String geo, String band, boolean female) {
    return PublicTable.key(
        type, geo, SEX_AGE, band, female ? PublicTable.FEMALES : PublicTable.MALES);
  }

  static String shelterKey(String type, String geo, String shelter) {
    return PublicTable.key(type, geo, SHELTER, shelter, PublicTable.INDIVIDUALS);
  }

  static Table build(
      List<SexAgeCells> sexAge, List<ShelterCell> shelters, Table aggregates, int threshold) {
    Table table = new Table();
    Map<String, List<String>> children = new LinkedHashMap<>(); // type + parent geo -> geos
    Map<String, SexAgeCells> sexAgeByUnit = new LinkedHashMap<>();
    for (SexAgeCells unit : sexAge) {
      sexAgeByUnit.put(unit.type() + PublicTable.SEP + unit.geo(), unit);
      if (unit.parentGeo() != null) {
        children
            .computeIfAbsent(
                unit.type() + PublicTable.SEP + unit.parentGeo(), x -> new ArrayList<>())
            .add(unit.geo());
      }
      long femaleTotal = 0;
      long maleTotal = 0;
      List<String> femaleKeys = new ArrayList<>();
      List<String> maleKeys = new ArrayList<>();
      for (int i = 0; i < unit.bands().size(); i++) {
        String band = unit.bands().get(i);
        String f = sexAgeKey(unit.type(), unit.geo(), band, true);
        String m = sexAgeKey(unit.type(), unit.geo(), band, false);
        table.cell(f, unit.females()[i], small(unit.females()[i], threshold));
        table.cell(m, unit.males()[i], small(unit.males()[i], threshold));
        femaleKeys.add(f);
        maleKeys.add(m);
        femaleTotal += unit.females()[i];
        maleTotal += unit.males()[i];
      }
      String females =
          total(table, aggregates, unit.type(), unit.geo(), PublicTable.FEMALES, femaleTotal);
      String males =
          total(table, aggregates, unit.type(), unit.geo(), PublicTable.MALES, maleTotal);
      if (females != null) table.equation(females, femaleKeys);
      if (males != null) table.equation(males, maleKeys);
      String individuals =
          total(
              table,
              aggregates,
              unit.type(),
              unit.geo(),
              PublicTable.INDIVIDUALS,
              femaleTotal + maleTotal);
      if (individuals != null) {
        if (females != null && males != null) {
          table.equation(individuals, List.of(females, males));
        } else {
          List<String> all = new ArrayList<>(femaleKeys);
          all.addAll(maleKeys);
          table.equation(individuals, all);
        }
      }
    }
    for (SexAgeCells unit : sexAge) {
      List<String> kids =
          children.getOrDefault(unit.type() + PublicTable.SEP + unit.geo(), List.of());
      if (kids.isEmpty()) continue;
      for (String band : unit.bands()) {
        for (boolean female : new boolean[] {true, false}) {
          List<String> parts = new ArrayList<>();
          for (String kid : kids) parts.add(sexAgeKey(unit.type(), kid, band, female));
          if (parts.stream().allMatch(table.values::containsKey)) {
            table.equation(sexAgeKey(unit.type(), unit.geo(), band, female), parts);
          }
        }
      }
    }

    Map<String, List<ShelterCell>> sheltersByUnit = new LinkedHashMap<>();
    Map<String, List<String>> shelterChildren = new LinkedHashMap<>();
    for (ShelterCell cell : shelters) {
      String unit = cell.type() + PublicTable.SEP + cell.geo();
      if (sheltersByUnit.computeIfAbsent(unit, x -> new ArrayList<>()).isEmpty()
          && cell.parentGeo() != null) {
        shelterChildren
            .computeIfAbsent(
                cell.type() + PublicTable.SEP + cell.parentGeo(), x -> new ArrayList<>())
            .add(cell.geo());
      }
      sheltersByUnit.get(unit).add(cell);
      table.cell(
          shelterKey(cell.type(), cell.geo(), cell.shelter()),
          cell.individuals(),
          small(cell.individuals(), threshold) || small(cell.households(), threshold));
    }
    for (List<ShelterCell> unit : sheltersByUnit.values()) {
      ShelterCell first = unit.get(0);
      long sum = 0;
      List<String> keys = new ArrayList<>();
      for (ShelterCell cell : unit) {
        sum += cell.individuals();
        keys.add(shelterKey(cell.type(), cell.geo(), cell.shelter()));
      }
      String individuals =
          total(table, aggregates, first.type(), first.geo(), PublicTable.INDIVIDUALS, sum);
      if (individuals != null) table.equation(individuals, keys);
      List<String> kids =
          shelterChildren.getOrDefault(first.type() + PublicTable.SEP + first.geo(), List.of());
      if (kids.isEmpty()) continue;
      for (ShelterCell cell : unit) {
        List<String> parts = new ArrayList<>();
        for (String kid : kids) {
          String key = shelterKey(cell.type(), kid, cell.shelter());
          if (table.values.containsKey(key)) parts.add(key);
        }
        // a child without this shelter type holds zero of it
        if (!parts.isEmpty()) {
          table.equation(shelterKey(cell.type(), cell.geo(), cell.shelter()), parts);
        }
      }
    }
    return table;
  }

  /**
   * The key of a unit's total in the aggregates' table, added to this table with the aggregates'
   * value and sensitivity, when the breakdown adds up to exactly that value; null otherwise.
   */
  private static String total(
      Table table, Table aggregates, String type, String geo, String measure, long sum) {
    String key = PublicTable.key(type, geo, PublicTable.ALL, PublicTable.ALL, measure);
    Long value = aggregates.values.get(key);
    if (value == null || value != sum) return null;
    if (!table.values.containsKey(key)) {
      table.cell(key, value, aggregates.sensitive.contains(key));
    }
    return key;
  }

  private static boolean small(long value, int threshold) {
    return value >= 1 && value < threshold;
  }
}
