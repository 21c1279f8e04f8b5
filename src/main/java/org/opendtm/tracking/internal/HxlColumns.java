package org.opendtm.tracking.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.tracking.ImportReport.IgnoredColumn;
import org.opendtm.tracking.PopulationGroup;

/**
 * How the columns of a location-level or baseline table map to assessment fields, from their HXL
 * tags (docs/import-formats.md section 2, shape A). Pure: no database, unit-tested on its own.
 */
final class HxlColumns {

  enum Field {
    LOC_CODE,
    LOC_NAME,
    LOC_TYPE,
    LAT,
    LON,
    ADM_CODE,
    ADM_NAME,
    ORIGIN_CODE,
    ORIGIN_NAME,
    TYPE,
    COLLECTED_ON,
    EVENT_DATE,
    EVENT_CAUSE,
    INFORMANTS,
    REASON,
    ARRIVAL,
    SHELTER,
    ROUND,
    FIGURE
  }

  enum Measure {
    HOUSEHOLDS,
    INDIVIDUALS,
    MALES,
    FEMALES,
    BAND
  }

  /**
   * One recognised column.
   *
   * @param band index into the sex-age array (female bands first, then male bands), for BAND
   */
  record Column(
      int index,
      String label,
      Field field,
      int level,
      PopulationGroup group,
      Measure measure,
      int band) {

    String key() {
      return field + "/" + level + "/" + group + "/" + measure + "/" + band;
    }

    String describe() {
      return switch (field) {
        case ADM_CODE -> "admin " + level + " P-code";
        case ADM_NAME -> "admin " + level + " name";
        case ORIGIN_CODE -> "origin admin " + level + " P-code";
        case ORIGIN_NAME -> "origin admin " + level + " name";
        case FIGURE ->
            group
                + " "
                + (measure == Measure.BAND
                    ? "sex-and-age band " + band
                    : measure.name().toLowerCase(Locale.ROOT));
        default -> field.name().toLowerCase(Locale.ROOT).replace('_', ' ');
      };
    }
  }

  final List<Column> columns = new ArrayList<>();
  final Map<String, String> recognised = new LinkedHashMap<>();
  final List<IgnoredColumn> ignored = new ArrayList<>();
  private final Map<Field, Column> single = new HashMap<>();

  /**
   * @param labels per column the text to name it by in reports and errors (the tag as written)
   * @param tags per column its tag, or null when the column has none
   * @param bands the operation's band codes in order
   */
  static HxlColumns of(String[] labels, HxlTag[] tags, List<String> bands) {
    HxlColumns plan = new HxlColumns();
    Map<String, Column> seen = new HashMap<>();
    for (int i = 0; i < tags.length; i++) {
      String label = labels[i];
      HxlTag tag = tags[i];
      if (tag == null) {
        if (label != null && !label.isBlank()) {
          plan.ignored.add(new IgnoredColumn(label, "no HXL tag"));
        }
        continue;
      }
      Optional<Column> column;
      try {
        column = classify(i, label, tag, bands);
      } catch (IllegalArgumentException e) {
        plan.ignored.add(new IgnoredColumn(label, e.getMessage()));
        continue;
      }
      if (column.isEmpty()) {
        plan.ignored.add(new IgnoredColumn(label, "tag not used by assessment imports"));
        continue;
      }
      Column c = column.get();
      Column earlier = seen.putIfAbsent(c.key(), c);
      if (earlier != null) {
        plan.ignored.add(new IgnoredColumn(label, "same field as column " + earlier.label()));
        continue;
      }
      plan.columns.add(c);
      plan.single.putIfAbsent(c.field(), c);
      plan.recognised.put(label, c.describe());
    }
    return plan;
  }

  /**
   * True when a value in a code column looks like a name ("Kaga" under {@code #adm2+code}): no
   * digit, and lower case or a space — or, for admin levels below the country, letters only.
   */
  static boolean holdsName(Column column, String value) {
    boolean digit = false, lower = false, space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isDigit(c)) digit = true;
      else if (Character.isLowerCase(c)) lower = true;
      else if (c == ' ') space = true;
      else if (!Character.isLetter(c)) return false;
    }
    boolean adminBelowCountry =
        (column.field() == Field.ADM_CODE || column.field() == Field.ORIGIN_CODE)
            && column.level() >= 1;
    return !digit && (lower || space || adminBelowCountry);
  }

  Column first(Field field) {
    return single.get(field);
  }

  private static Optional<Column> classify(int i, String label, HxlTag tag, List<String> bands) {
    String name = tag.name();
    boolean origin = tag.has("origin");
    boolean code = tag.hasAny("code", "pcode");
    Integer level = adminLevel(name);
    if (level != null) {
      if (code) return col(i, label, origin ? Field.ORIGIN_CODE : Field.ADM_CODE, level);
      if (tag.has("name") || tag.attributes().stream().anyMatch(a -> a.startsWith("name")))
        return col(i, label, origin ? Field.ORIGIN_NAME : Field.ADM_NAME, level);
      return Optional.empty();
    }
    switch (name) {
      case "loc":
        if (code) return col(i, label, Field.LOC_CODE, 0);
        if (tag.has("name")) return col(i, label, Field.LOC_NAME, 0);
        if (tag.has("type")) return col(i, label, Field.LOC_TYPE, 0);
        return Optional.empty();
      case "geo":
        if (tag.has("lat")) return col(i, label, Field.LAT, 0);
        if (tag.hasAny("lon", "long", "lng")) return col(i, label, Field.LON, 0);
        return Optional.empty();
      case "assessment":
        return tag.has("type") ? col(i, label, Field.TYPE, 0) : Optional.empty();
      case "meta":
        if (tag.has("assessment")) return col(i, label, Field.TYPE, 0);
        if (tag.hasAny("informants", "ki")) return col(i, label, Field.INFORMANTS, 0);
        if (tag.has("round")) return col(i, label, Field.ROUND, 0);
        return Optional.empty();
      case "contact":
        return tag.has("informants") ? col(i, label, Field.INFORMANTS, 0) : Optional.empty();
      case "date":
        if (tag.hasAny("reported", "assessed", "collected") && !tag.hasAny("year", "month"))
          return col(i, label, Field.COLLECTED_ON, 0);
        if (tag.hasAny("occurred", "event")) return col(i, label, Field.EVENT_DATE, 0);
        if (tag.has("arrival")) return col(i, label, Field.ARRIVAL, 0);
        return Optional.empty();
      case "period":
        return tag.has("arrival") ? col(i, label, Field.ARRIVAL, 0) : Optional.empty();
      case "event":
        return tag.has("type") ? col(i, label, Field.EVENT_CAUSE, 0) : Optional.empty();
      case "cause":
        return tag.hasAny("type", "reason") || tag.attributes().isEmpty()
            ? col(i, label, Field.REASON, 0)
            : Optional.empty();
      case "reason":
        return col(i, label, Field.REASON, 0);
      case "shelter":
        return col(i, label, Field.SHELTER, 0);
      case "affected", "population":
        return figure(i, label, tag, bands);
      default:
        return Optional.empty();
    }
  }

  private static Optional<Column> figure(int i, String label, HxlTag tag, List<String> bands) {
    PopulationGroup group = null;
    if (tag.hasAny("idps", "idp")) group = PopulationGroup.IDP;
    else if (tag.hasAny("returnees", "returnee", "ret")) group = PopulationGroup.RETURNEE;
    else if (tag.hasAny("migrants", "migrant")) group = PopulationGroup.MIGRANT;
    else if (tag.has("host")) group = PopulationGroup.HOST;
    if (group == null) return Optional.empty();
    boolean female = tag.hasAny("f", "female", "females");
    boolean male = tag.hasAny("m", "male", "males");
    String age =
        tag.attributes().stream().filter(a -> a.startsWith("age")).findFirst().orElse(null);
    if (age != null) {
      if (female == male) {
        throw new IllegalArgumentException("age band without a single sex (+f or +m)");
      }
      String written = age.substring(3);
      String band = written;
      if (band.endsWith("plus")) band = band.substring(0, band.length() - 4);
      if (band.endsWith("_")) band = band.substring(0, band.length() - 1);
      int index = bands.indexOf(band);
      if (index < 0) {
        throw new IllegalArgumentException(
            "band " + written + " is not one of the operation's bands " + bands);
      }
      int slot = male ? bands.size() + index : index;
      return Optional.of(new Column(i, label, Field.FIGURE, 0, group, Measure.BAND, slot));
    }
    Measure measure;
    if (tag.hasAny("hh", "households")) measure = Measure.HOUSEHOLDS;
    else if (female) measure = Measure.FEMALES;
    else if (male) measure = Measure.MALES;
    else measure = Measure.INDIVIDUALS; // +ind, +individuals, or neither
    return Optional.of(new Column(i, label, Field.FIGURE, 0, group, measure, -1));
  }

  private static Integer adminLevel(String name) {
    if (name.equals("country")) return 0;
    if (name.length() == 4 && name.startsWith("adm") && Character.isDigit(name.charAt(3))) {
      return name.charAt(3) - '0';
    }
    return null;
  }

  private static Optional<Column> col(int i, String label, Field field, int level) {
    return Optional.of(new Column(i, label, field, level, null, null, -1));
  }
}
