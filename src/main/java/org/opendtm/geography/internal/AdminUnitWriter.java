package org.opendtm.geography.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyErrorCode;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.platform.InputError;
import org.springframework.stereotype.Component;

/**
 * Writes admin units: new versions of a P-code list, provisional units from assessment files, and
 * the flattened ancestry that goes with them. Runs in the caller's transaction.
 */
@Component
public class AdminUnitWriter {

  /** Units of a first import without a date are valid since forever, so every round finds them. */
  public static final LocalDate BEGINNING = LocalDate.of(1900, 1, 1);

  /** A unit as a P-code list gives it; {@code row} is where it was first seen. */
  public record ListedUnit(int level, String pcode, String name, String parentPcode, long row) {}

  /** What applying a version did. */
  public record VersionResult(
      LocalDate validFrom, int created, int updated, int retired, int unchanged) {}

  private final AdminUnits units;

  AdminUnitWriter(AdminUnits units) {
    this.units = units;
  }

  /**
   * Applies a P-code list as the operation's new geography from {@code validFrom} on: units of the
   * listed levels absent from the list are retired, new ones created, and a unit whose name or
   * parent changed gets a new row (the old one retired, linked by a crosswalk of share 1). Same
   * P-code, name and parent: unchanged.
   *
   * @param validFrom the version's first day; null means since forever on a first import and today
   *     on later ones
   */
  public VersionResult applyVersion(
      long operationId, Collection<ListedUnit> listed, Set<Integer> levels, LocalDate validFrom) {
    List<AdminUnit> all = units.listAll(operationId);
    Map<String, AdminUnit> current = new HashMap<>();
    Map<Long, AdminUnit> byId = new HashMap<>();
    for (AdminUnit unit : all) {
      byId.put(unit.id(), unit);
      if (unit.validTo() == null) current.put(PcodeIndex.key(unit.pcode()), unit);
    }
    LocalDate from = validFrom != null ? validFrom : all.isEmpty() ? BEGINNING : LocalDate.now();

    Map<String, ListedUnit> listedByKey = new LinkedHashMap<>();
    for (ListedUnit unit : listed) listedByKey.put(PcodeIndex.key(unit.pcode()), unit);

    List<ListedUnit> toCreate = new ArrayList<>();
    Map<Long, ListedUnit> toReplace = new LinkedHashMap<>();
    int unchanged = 0;
    for (ListedUnit unit : listed) {
      AdminUnit known = current.get(PcodeIndex.key(unit.pcode()));
      if (known == null) {
        toCreate.add(unit);
      } else if (known.name().equals(unit.name())
          && known.level() == unit.level()
          && sameParent(known, unit, byId)) {
        unchanged++;
      } else {
        toReplace.put(known.id(), unit);
        toCreate.add(unit);
      }
    }
    List<Long> toRetire = new ArrayList<>();
    for (AdminUnit unit : current.values()) {
      if (levels.contains(unit.level()) && !listedByKey.containsKey(PcodeIndex.key(unit.pcode())))
        toRetire.add(unit.id());
    }

    InputErrors errors = new InputErrors();
    for (Long id : concat(toRetire, toReplace.keySet())) {
      AdminUnit unit = byId.get(id);
      if (!from.isAfter(unit.validFrom())) {
        errors.add(
            new InputError(
                null,
                "validFrom",
                from.toString(),
                "the new version must start after "
                    + unit.validFrom()
                    + ", when the version of "
                    + unit.pcode()
                    + " it replaces started"));
      }
    }
    errors.throwIfAny("The new version");

    units.retire(concat(toRetire, toReplace.keySet()), from);
    Map<String, AdminUnit> live = new HashMap<>(current);
    for (Long id : concat(toRetire, toReplace.keySet()))
      live.remove(PcodeIndex.key(byId.get(id).pcode()));
    Map<String, AdminUnit> created = insertLevelByLevel(operationId, toCreate, live, from, false);

    // children that stay follow their parent's new version
    Map<Long, Long> newVersionOf = new HashMap<>();
    List<AdminUnits.Edge> edges = new ArrayList<>();
    for (var replaced : toReplace.entrySet()) {
      AdminUnit successor = created.get(PcodeIndex.key(replaced.getValue().pcode()));
      newVersionOf.put(replaced.getKey(), successor.id());
      edges.add(new AdminUnits.Edge(replaced.getKey(), successor.id(), 1.0));
    }
    List<Long> children = new ArrayList<>();
    List<Long> parents = new ArrayList<>();
    for (AdminUnit unit : live.values()) {
      if (unit.parentId() != null && newVersionOf.containsKey(unit.parentId())) {
        children.add(unit.id());
        parents.add(newVersionOf.get(unit.parentId()));
      }
    }
    units.reparent(children, parents);
    units.replaceCrosswalk(newVersionOf.keySet(), edges);
    refreshAncestry(operationId);
    units.bumpRevision(operationId);
    return new VersionResult(
        from, toCreate.size() - toReplace.size(), toReplace.size(), toRetire.size(), unchanged);
  }

  /**
   * Creates units flagged provisional, level by level, parents resolved by P-code among current
   * units and those created here. Units whose P-code is current already are left alone.
   */
  public List<AdminUnit> createProvisional(long operationId, List<NewAdminUnit> requested) {
    Map<String, AdminUnit> live = new HashMap<>();
    for (AdminUnit unit : units.listCurrent(operationId, null))
      live.put(PcodeIndex.key(unit.pcode()), unit);
    Set<String> requestedKeys = new HashSet<>();
    InputErrors errors = new InputErrors();
    List<ListedUnit> toCreate = new ArrayList<>();
    int index = 0;
    for (NewAdminUnit unit : requested) {
      index++;
      if (unit.pcode() == null || unit.pcode().isBlank()) {
        errors.add(index, "pcode", null, "missing P-code");
        continue;
      }
      String key = PcodeIndex.key(unit.pcode());
      if (live.containsKey(key) || !requestedKeys.add(key)) continue;
      if (unit.level() < 0 || unit.level() > 5) {
        errors.add(index, "level", String.valueOf(unit.level()), "levels go from 0 to 5");
        continue;
      }
      String name = unit.name() == null || unit.name().isBlank() ? unit.pcode() : unit.name();
      toCreate.add(
          new ListedUnit(
              unit.level(),
              unit.pcode().strip(),
              name.strip(),
              blankToNull(unit.parentPcode()),
              index));
    }
    for (ListedUnit unit : toCreate) {
      if (unit.parentPcode() != null
          && !live.containsKey(PcodeIndex.key(unit.parentPcode()))
          && !requestedKeys.contains(PcodeIndex.key(unit.parentPcode()))) {
        errors.add(unit.row(), "parentPcode", unit.parentPcode(), "unknown parent P-code");
      }
    }
    errors.throwIfAny(GeographyErrorCode.INVALID_GEOGRAPHY_FILE, "The list of new admin units");
    if (toCreate.isEmpty()) return List.of();
    Map<String, AdminUnit> created =
        insertLevelByLevel(operationId, toCreate, live, BEGINNING, true);
    refreshAncestry(operationId);
    units.bumpRevision(operationId);
    return created.values().stream().sorted(Comparator.comparingLong(AdminUnit::id)).toList();
  }

  private Map<String, AdminUnit> insertLevelByLevel(
      long operationId,
      List<ListedUnit> toCreate,
      Map<String, AdminUnit> live,
      LocalDate from,
      boolean provisional) {
    Map<String, AdminUnit> created = new HashMap<>();
    List<AdminUnit> topUnits = live.values().stream().filter(u -> u.level() == 0).toList();
    for (int level = 0; level <= 5; level++) {
      List<AdminUnits.UnitRow> rows = new ArrayList<>();
      for (ListedUnit unit : toCreate) {
        if (unit.level() != level) continue;
        Long parentId = null;
        if (unit.parentPcode() != null) {
          String parentKey = PcodeIndex.key(unit.parentPcode());
          AdminUnit parent =
              created.containsKey(parentKey) ? created.get(parentKey) : live.get(parentKey);
          if (parent != null) parentId = parent.id();
        } else if (level == 1 && topUnits.size() == 1) {
          // a list without an adm0 column: admin 1 units belong to the operation's country
          parentId = topUnits.get(0).id();
        }
        rows.add(new AdminUnits.UnitRow(level, unit.pcode(), unit.name(), parentId));
      }
      for (AdminUnit unit : units.insertAll(operationId, rows, from, provisional)) {
        created.put(PcodeIndex.key(unit.pcode()), unit);
        live.put(PcodeIndex.key(unit.pcode()), unit);
      }
      if (level == 0) topUnits = live.values().stream().filter(u -> u.level() == 0).toList();
    }
    return created;
  }

  /** Recomputes the flattened ancestry of every unit of the operation. */
  public void refreshAncestry(long operationId) {
    List<AdminUnit> all = units.listAll(operationId);
    Map<Long, AdminUnit> byId = new HashMap<>();
    for (AdminUnit unit : all) byId.put(unit.id(), unit);
    List<Long[]> ancestors = new ArrayList<>(all.size());
    for (AdminUnit unit : all) {
      Long[] row = new Long[6];
      AdminUnit current = unit;
      int guard = 0;
      while (current != null && guard++ < 8) {
        if (current.level() <= 5 && row[current.level()] == null)
          row[current.level()] = current.id();
        current = current.parentId() == null ? null : byId.get(current.parentId());
      }
      ancestors.add(row);
    }
    units.upsertAncestry(operationId, all, ancestors);
  }

  private static boolean sameParent(AdminUnit known, ListedUnit unit, Map<Long, AdminUnit> byId) {
    if (unit.parentPcode() == null) return true; // the list says nothing about the parent
    AdminUnit parent = known.parentId() == null ? null : byId.get(known.parentId());
    return parent != null
        && Objects.equals(PcodeIndex.key(parent.pcode()), PcodeIndex.key(unit.parentPcode()));
  }

  private static List<Long> concat(Collection<Long> a, Collection<Long> b) {
    List<Long> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
