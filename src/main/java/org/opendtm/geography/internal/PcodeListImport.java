package org.opendtm.geography.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opendtm.geography.internal.AdminUnitWriter.ListedUnit;
import org.opendtm.geography.internal.HxlTable.Column;
import org.opendtm.platform.tabular.HxlTag;

/**
 * Reads a P-code list (one row per unit, with its parents' codes on the same row) into units,
 * checking every row: codes present, one name and one parent per P-code, one level per P-code.
 */
final class PcodeListImport implements HxlTable.TableImport {

  private static final Pattern ADM = Pattern.compile("adm([0-5])");
  private static final Pattern OCHA_HEADER =
      Pattern.compile("(?i)(?:adm|admin)([0-5])_?(pcode|code|name|en|name_en)");

  /** Header names of OCHA's common operational datasets, for tables without an HXL row. */
  static Optional<HxlTag> headerTag(String header) {
    Matcher m = OCHA_HEADER.matcher(header.strip());
    if (!m.matches()) return Optional.empty();
    String what = m.group(2).toLowerCase(Locale.ROOT);
    return HxlTag.parse(
        "#adm" + m.group(1) + (what.equals("pcode") || what.equals("code") ? "+code" : "+name"));
  }

  private final TreeMap<Integer, Column> codeColumns = new TreeMap<>();
  private final Map<Integer, Column> nameColumns = new HashMap<>();
  private Column dateColumn;
  private final List<String> recognised = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private final Map<Integer, HxlTable.CodeColumnCheck> codeChecks = new HashMap<>();
  final InputErrors errors = new InputErrors();
  private final Map<String, ListedUnit> units = new LinkedHashMap<>();
  private LocalDate fileDate;
  private long fileDateRow;

  PcodeListImport(List<Column> columns) {
    for (Column column : columns) {
      HxlTag tag = column.tag();
      Integer level = tag == null ? null : level(tag);
      if (level != null && tag.hasAny("code", "pcode") && !tag.has("name") && !tag.has("origin")) {
        if (codeColumns.putIfAbsent(level, column) == null) {
          recognised.add(column.label());
          codeChecks.put(level, new HxlTable.CodeColumnCheck(column));
          continue;
        }
      } else if (level != null && tag.has("name") && !tag.has("origin")) {
        if (nameColumns.putIfAbsent(level, column) == null) {
          recognised.add(column.label());
          continue;
        }
      } else if (tag != null
          && tag.name().equals("date")
          && tag.has("start")
          && dateColumn == null) {
        dateColumn = column;
        recognised.add(column.label());
        continue;
      }
      ignored.add(column.label());
    }
    if (codeColumns.isEmpty()) {
      errors.add(
          new org.opendtm.platform.InputError(
              null, "file", null, "no P-code column (#adm1+code, #adm2+pcode, …) was found"));
    }
  }

  private static Integer level(HxlTag tag) {
    if (tag.name().equals("country")) return 0;
    Matcher m = ADM.matcher(tag.name());
    return m.matches() ? Integer.parseInt(m.group(1)) : null;
  }

  @Override
  public void row(long rowNumber, String[] cells) {
    if (codeColumns.isEmpty()) return;
    int deepest = -1;
    for (var entry : codeColumns.entrySet()) {
      String code = HxlTable.cell(cells, entry.getValue());
      codeChecks.get(entry.getKey()).see(code);
      if (!code.isEmpty()) deepest = entry.getKey();
    }
    if (deepest < 0) {
      errors.add(
          rowNumber, codeColumns.firstEntry().getValue().label(), null, "no P-code on this row");
      return;
    }
    if (dateColumn != null) readDate(rowNumber, HxlTable.cell(cells, dateColumn));
    String parent = null;
    for (var entry : codeColumns.entrySet()) {
      int level = entry.getKey();
      Column codeColumn = entry.getValue();
      String code = HxlTable.cell(cells, codeColumn);
      Column nameColumn = nameColumns.get(level);
      String name = nameColumn == null ? code : HxlTable.cell(cells, nameColumn);
      if (level > deepest) {
        if (!name.isEmpty() && nameColumn != null)
          errors.add(rowNumber, codeColumn.label(), name, "missing P-code for the name given");
        break;
      }
      if (code.isEmpty()) {
        errors.add(rowNumber, codeColumn.label(), null, "missing P-code (a finer level has one)");
        parent = null;
        continue;
      }
      if (name.isEmpty()) {
        errors.add(rowNumber, nameColumn.label(), code, "missing name");
        name = code;
      }
      register(rowNumber, new ListedUnit(level, code, name, parent, rowNumber), codeColumn);
      parent = code;
    }
  }

  private void register(long rowNumber, ListedUnit unit, Column codeColumn) {
    String key = PcodeIndex.key(unit.pcode());
    ListedUnit known = units.putIfAbsent(key, unit);
    if (known == null) return;
    if (known.level() != unit.level()) {
      errors.add(
          rowNumber,
          codeColumn.label(),
          unit.pcode(),
          "P-code used at admin level "
              + known.level()
              + " on row "
              + known.row()
              + " and at level "
              + unit.level()
              + " here");
    } else if (!known.name().equals(unit.name())) {
      Column nameColumn = nameColumns.get(unit.level());
      errors.add(
          rowNumber,
          nameColumn == null ? codeColumn.label() : nameColumn.label(),
          unit.name(),
          "duplicate P-code "
              + unit.pcode()
              + " with a different name: '"
              + known.name()
              + "' on row "
              + known.row());
    } else if (known.parentPcode() != null
        && unit.parentPcode() != null
        && !PcodeIndex.key(known.parentPcode()).equals(PcodeIndex.key(unit.parentPcode()))) {
      Column parentColumn = codeColumns.lowerEntry(unit.level()).getValue();
      errors.add(
          rowNumber,
          parentColumn.label(),
          unit.parentPcode(),
          "parent P-code of "
              + unit.pcode()
              + " does not match "
              + known.parentPcode()
              + " given on row "
              + known.row());
    }
  }

  private void readDate(long rowNumber, String text) {
    if (text.isEmpty()) return;
    LocalDate date;
    try {
      date = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      errors.add(rowNumber, dateColumn.label(), text, "not a date like 2024-03-31");
      return;
    }
    if (fileDate == null) {
      fileDate = date;
      fileDateRow = rowNumber;
    } else if (!fileDate.equals(date)) {
      errors.add(
          rowNumber,
          dateColumn.label(),
          text,
          "one version per file: row " + fileDateRow + " says " + fileDate);
    }
  }

  /** Checks what can only be checked once every row is read. */
  void finish() {
    for (var check : codeChecks.values()) check.error().ifPresent(errors::add);
  }

  List<ListedUnit> units() {
    return new ArrayList<>(units.values());
  }

  java.util.Set<Integer> levels() {
    return codeColumns.keySet();
  }

  LocalDate fileDate() {
    return fileDate;
  }

  List<String> recognised() {
    return recognised;
  }

  List<String> ignored() {
    return ignored;
  }
}
