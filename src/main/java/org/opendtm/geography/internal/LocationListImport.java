package org.opendtm.geography.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opendtm.geography.GeographyImportReport;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.internal.HxlTable.Column;
import org.opendtm.platform.InputError;
import org.opendtm.platform.tabular.HxlTag;

/** Reads a location master list: code, name, type, coordinates and the admin unit by P-code. */
final class LocationListImport implements HxlTable.TableImport {

  private static final Pattern ADM = Pattern.compile("adm([1-5])");

  final SnapshotPlaceResolver resolver;
  private Column code, name, type, latitude, longitude;
  private final TreeMap<Integer, Column> adminColumns = new TreeMap<>();
  private final List<String> recognised = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private final List<HxlTable.CodeColumnCheck> codeChecks = new ArrayList<>();
  final InputErrors errors = new InputErrors();

  /**
   * Receives the good rows in chunks while the file is read, as long as no row had an error (after
   * the first error the rest of the file is only checked, to list every error; the caller's
   * transaction then rolls back what was written).
   */
  interface ChunkSink {
    void write(List<NewLocation> locations, List<Long> rows);
  }

  static final int CHUNK = 10_000;
  private final ChunkSink sink;
  private final List<NewLocation> locations = new ArrayList<>(CHUNK);
  private final List<Long> rows = new ArrayList<>(CHUNK);
  private long accepted;
  final List<GeographyImportReport.Normalisation> normalisations = new ArrayList<>();
  private final Map<String, Long> rowByCode = new HashMap<>();

  LocationListImport(List<Column> columns, SnapshotPlaceResolver resolver, ChunkSink sink) {
    this.resolver = resolver;
    this.sink = sink;
    for (Column column : columns) {
      HxlTag tag = column.tag();
      if (tag != null && !tag.has("origin") && take(column, tag)) {
        recognised.add(column.label());
      } else {
        ignored.add(column.label());
      }
    }
    if (code == null)
      errors.add(new InputError(null, "#loc+code", null, "no location code column was found"));
    if (adminColumns.isEmpty())
      errors.add(new InputError(null, "#adm1+code", null, "no admin P-code column was found"));
  }

  private boolean take(Column column, HxlTag tag) {
    switch (tag.name()) {
      case "loc" -> {
        if (tag.hasAny("code", "pcode") && code == null) {
          code = column;
          codeChecks.add(new HxlTable.CodeColumnCheck(column));
          return true;
        }
        if (tag.has("name") && name == null) return (name = column) != null;
        if (tag.has("type") && type == null) return (type = column) != null;
        return false;
      }
      case "geo" -> {
        if (tag.has("lat") && latitude == null) return (latitude = column) != null;
        if (tag.has("lon") && longitude == null) return (longitude = column) != null;
        return false;
      }
      default -> {
        Matcher m = ADM.matcher(tag.name());
        if (m.matches() && tag.hasAny("code", "pcode") && !tag.has("name")) {
          if (adminColumns.putIfAbsent(Integer.parseInt(m.group(1)), column) == null) {
            codeChecks.add(new HxlTable.CodeColumnCheck(column));
            return true;
          }
        }
        return false;
      }
    }
  }

  @Override
  public void row(long rowNumber, String[] cells) {
    if (code == null || adminColumns.isEmpty()) return;
    String locationCode = HxlTable.cell(cells, code);
    for (var check : codeChecks) check.see(HxlTable.cell(cells, check.column));
    long before = errorsCount();
    if (locationCode.isEmpty()) {
      errors.add(rowNumber, code.label(), null, "missing location code");
    } else {
      Long earlier = rowByCode.putIfAbsent(locationCode, rowNumber);
      if (earlier != null)
        errors.add(
            rowNumber,
            code.label(),
            locationCode,
            "location code given on row " + earlier + " already");
    }
    String locationName = name == null ? locationCode : HxlTable.cell(cells, name);
    if (locationName.isEmpty()) errors.add(rowNumber, name.label(), locationCode, "missing name");

    Column adminColumn = null;
    String written = "";
    for (Column column : adminColumns.descendingMap().values()) {
      written = HxlTable.cell(cells, column);
      if (!written.isEmpty()) {
        adminColumn = column;
        break;
      }
    }
    Long unitId = null;
    if (adminColumn == null) {
      errors.add(
          rowNumber,
          adminColumns.firstEntry().getValue().label(),
          null,
          "no admin P-code on this row");
    } else {
      var match = resolver.unit(written);
      if (match.isEmpty()) {
        errors.add(rowNumber, adminColumn.label(), written, "unknown admin unit");
      } else if (match.get().unit().validTo() != null) {
        errors.add(
            rowNumber,
            adminColumn.label(),
            written,
            "the admin unit was retired on " + match.get().unit().validTo());
      } else {
        PcodeMatch found = match.get();
        unitId = found.unit().id();
        if (!found.exact())
          normalisations.add(
              new GeographyImportReport.Normalisation(
                  rowNumber, adminColumn.label(), written, found.unit().pcode(), found.rule()));
      }
    }
    Double lat = coordinate(rowNumber, latitude, cells, 90);
    Double lon = coordinate(rowNumber, longitude, cells, 180);
    boolean latGiven = !HxlTable.cell(cells, latitude).isEmpty();
    boolean lonGiven = !HxlTable.cell(cells, longitude).isEmpty();
    if (latGiven != lonGiven) {
      Column missing = latGiven ? longitude : latitude;
      errors.add(
          rowNumber,
          missing == null ? (latGiven ? "#geo+lon" : "#geo+lat") : missing.label(),
          null,
          "give both latitude and longitude, or neither");
    }
    if (errorsCount() == before && unitId != null) {
      accepted++;
      if (errorsCount() > 0) return; // nothing more is written; the rows are only checked
      locations.add(
          new NewLocation(
              locationCode, locationName, kind(HxlTable.cell(cells, type)), unitId, lat, lon));
      rows.add(rowNumber);
      if (locations.size() >= CHUNK) flush();
    }
  }

  private void flush() {
    if (locations.isEmpty()) return;
    sink.write(List.copyOf(locations), List.copyOf(rows));
    locations.clear();
    rows.clear();
  }

  /** Rows without errors (written, unless the file had errors). */
  long accepted() {
    return accepted;
  }

  private long errorsCount() {
    return errors.count();
  }

  private Double coordinate(long rowNumber, Column column, String[] cells, double limit) {
    String text = HxlTable.cell(cells, column);
    if (text.isEmpty()) return null;
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      errors.add(rowNumber, column.label(), text, "not a number");
      return null;
    }
    if (Double.isNaN(value) || Math.abs(value) > limit) {
      errors.add(
          rowNumber, column.label(), text, "out of range -" + (int) limit + ".." + (int) limit);
      return null;
    }
    return value;
  }

  /** Location types as DTM files write them (see docs/import-formats.md). */
  static LocationKind kind(String text) {
    String type = text.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
    if (type.isEmpty()) return LocationKind.OTHER;
    if (type.contains("site")
        || type.contains("camp")
        || type.contains("collective")
        || type.contains("informal settlement")) return LocationKind.SITE;
    if (type.contains("village") || type.contains("host")) return LocationKind.VILLAGE;
    if (type.contains("neighbo")) return LocationKind.NEIGHBOURHOOD;
    if (type.equals("fmp") || type.contains("flow monitoring"))
      return LocationKind.FLOW_MONITORING_POINT;
    return LocationKind.OTHER;
  }

  /** Checks the code columns as a whole and writes the last chunk if the file had no error. */
  void finish() {
    for (var check : codeChecks) check.error().ifPresent(errors::add);
    if (errorsCount() == 0) flush();
  }

  List<String> recognised() {
    return recognised;
  }

  List<String> ignored() {
    return ignored;
  }
}
