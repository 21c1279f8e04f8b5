package org.opendtm.geography.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.internal.HxlTable.Column;
import org.opendtm.platform.InputError;
import org.opendtm.platform.tabular.HxlTag;

/**
 * Reads a crosswalk between versions: rows of old P-code, new P-code and share. An old P-code names
 * its most recently retired version (or the current one when it was never retired, as in a merge
 * into it); a new P-code names its current version. The shares of each old unit must sum to 1.
 */
final class CrosswalkImport implements HxlTable.TableImport {

  static final double TOLERANCE = 0.001;

  /** Header names accepted when the table has no HXL row. */
  static Optional<HxlTag> headerTag(String header) {
    return switch (header.strip().toLowerCase(Locale.ROOT)) {
      case "from_pcode", "from", "old_pcode" -> HxlTag.parse("#adm+code+from");
      case "to_pcode", "to", "new_pcode" -> HxlTag.parse("#adm+code+to");
      case "share", "weight" -> HxlTag.parse("#share");
      default -> Optional.empty();
    };
  }

  private record Row(long row, AdminUnit from, AdminUnit to, double share) {}

  private final Map<String, AdminUnit> current = new HashMap<>();
  private final Map<String, AdminUnit> latestRetired = new HashMap<>();
  private Column from, to, share;
  private final List<String> recognised = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  final InputErrors errors = new InputErrors();
  private final Map<Long, List<Row>> rowsByFrom = new LinkedHashMap<>();

  CrosswalkImport(List<Column> columns, List<AdminUnit> units) {
    for (AdminUnit unit : units) {
      String key = PcodeIndex.key(unit.pcode());
      if (unit.validTo() == null) current.put(key, unit);
      else {
        AdminUnit known = latestRetired.get(key);
        if (known == null || unit.validTo().isAfter(known.validTo())) latestRetired.put(key, unit);
      }
    }
    for (Column column : columns) {
      HxlTag tag = column.tag();
      boolean code = tag != null && tag.name().matches("adm[0-5]?") && tag.hasAny("code", "pcode");
      if (code && tag.has("from") && from == null) from = column;
      else if (code && tag.has("to") && to == null) to = column;
      else if (tag != null && (tag.name().equals("share") || tag.has("share")) && share == null)
        share = column;
      else {
        ignored.add(column.label());
        continue;
      }
      recognised.add(column.label());
    }
    if (from == null) errors.add(InputError.field("#adm+code+from", "no column of old P-codes"));
    if (to == null) errors.add(InputError.field("#adm+code+to", "no column of new P-codes"));
    if (share == null) errors.add(InputError.field("#share", "no column of shares"));
  }

  @Override
  public void row(long rowNumber, String[] cells) {
    if (from == null || to == null || share == null) return;
    String fromCode = HxlTable.cell(cells, from);
    String toCode = HxlTable.cell(cells, to);
    String shareText = HxlTable.cell(cells, share);
    AdminUnit fromUnit = null, toUnit = null;
    if (fromCode.isEmpty()) errors.add(rowNumber, from.label(), null, "missing old P-code");
    else {
      String key = PcodeIndex.key(fromCode);
      fromUnit = latestRetired.getOrDefault(key, current.get(key));
      if (fromUnit == null) errors.add(rowNumber, from.label(), fromCode, "unknown P-code");
    }
    if (toCode.isEmpty()) errors.add(rowNumber, to.label(), null, "missing new P-code");
    else {
      String key = PcodeIndex.key(toCode);
      toUnit = current.getOrDefault(key, latestRetired.get(key));
      if (toUnit == null) errors.add(rowNumber, to.label(), toCode, "unknown P-code");
    }
    Double value = null;
    try {
      value = Double.parseDouble(shareText.replace(',', '.'));
      if (!(value > 0 && value <= 1)) {
        errors.add(rowNumber, share.label(), shareText, "a share is above 0 and at most 1");
        value = null;
      }
    } catch (NumberFormatException e) {
      errors.add(rowNumber, share.label(), shareText, "not a number");
    }
    if (fromUnit != null && toUnit != null && fromUnit.id() == toUnit.id()) {
      errors.add(rowNumber, to.label(), toCode, "a unit cannot be mapped to itself");
      return;
    }
    if (fromUnit != null && toUnit != null && value != null) {
      long toId = toUnit.id();
      var earlier =
          rowsByFrom.getOrDefault(fromUnit.id(), List.of()).stream()
              .filter(r -> r.to().id() == toId)
              .findFirst();
      if (earlier.isPresent()) {
        errors.add(
            rowNumber,
            to.label(),
            toCode,
            "the same pair is on row " + earlier.get().row() + " already");
        return;
      }
      rowsByFrom
          .computeIfAbsent(fromUnit.id(), k -> new ArrayList<>())
          .add(new Row(rowNumber, fromUnit, toUnit, value));
    }
  }

  /** Checks the sums; every row of an old unit whose shares do not sum to 1 is reported. */
  void finish() {
    for (List<Row> rows : rowsByFrom.values()) {
      double sum = rows.stream().mapToDouble(Row::share).sum();
      if (Math.abs(sum - 1) > TOLERANCE) {
        for (Row row : rows) {
          errors.add(
              row.row(),
              share.label(),
              String.valueOf(row.share()),
              String.format(
                  Locale.ROOT, "the shares of %s sum to %.4f, not 1", row.from().pcode(), sum));
        }
      }
    }
  }

  List<Long> fromUnitIds() {
    return new ArrayList<>(rowsByFrom.keySet());
  }

  List<AdminUnits.Edge> edges() {
    List<AdminUnits.Edge> edges = new ArrayList<>();
    for (List<Row> rows : rowsByFrom.values())
      for (Row row : rows)
        edges.add(new AdminUnits.Edge(row.from().id(), row.to().id(), row.share()));
    return edges;
  }

  List<String> recognised() {
    return recognised;
  }

  List<String> ignored() {
    return ignored;
  }
}
