package org.opendtm.tracking.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.LocationKind;
import org.opendtm.geography.Operation;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.ImportReport.IgnoredColumn;
import org.opendtm.tracking.ImportReport.Normalisation;
import org.opendtm.tracking.PopulationGroup;
import org.opendtm.tracking.internal.HxlColumns.Column;
import org.opendtm.tracking.internal.HxlColumns.Field;

/**
 * Reads an assessment file row by row — an HXL table (shape A) or DTM API records (shape B) —
 * checks each row on its own, stages the good rows' figures, keeps one assessment per place in
 * memory ({@link ImportPlaces}) and remembers the places to create. Everything that needs the
 * database as a whole (duplicates, sums across places) happens after, in SQL.
 */
final class AssessmentFileReader {

  static final String SHAPE_TABLE = "HXL_TABLE";
  static final String SHAPE_DTM = "DTM_API";

  /** DTM API v3 record fields, lower-cased. */
  static final Set<String> DTM_FIELDS =
      Set.of(
          "id",
          "operation",
          "admin0name",
          "admin0pcode",
          "admin1name",
          "admin1pcode",
          "admin2name",
          "admin2pcode",
          "numpresentidpind",
          "reportingdate",
          "yearreportingdate",
          "monthreportingdate",
          "roundnumber",
          "displacementreason",
          "numbermales",
          "numberfemales",
          "idporiginadmin1name",
          "idporiginadmin1pcode",
          "assessmenttype",
          "operationstatus",
          "countryname");

  private static final int NORMALISATION_ROWS = 20;

  private final Operation operation;
  private final int roundNumber;
  private final PlaceResolver resolver;
  private final boolean provisional;
  private final AssessmentType defaultType;
  private final Map<String, String> savedMapping;
  private final FigureSink staging;
  private final FigureChecks checks;
  final ImportErrors errors = new ImportErrors();
  private final Map<String, String> reasons = new HashMap<>();

  String shape;
  long rowsRead;
  Map<String, String> recognised = new LinkedHashMap<>();
  final List<IgnoredColumn> ignored = new ArrayList<>();

  /** Units to create, by upper-case P-code, parents before children within a level order. */
  final Map<String, PendingUnit> newUnits = new LinkedHashMap<>();

  final Map<String, PendingLocation> newLocations = new LinkedHashMap<>();
  private final Map<String, NormalisationUse> normalisations = new LinkedHashMap<>();
  final Set<AssessmentType> types = new LinkedHashSet<>();

  /** The assessments of the file, one per type and place, in the order they first appear. */
  final ImportPlaces places = new ImportPlaces();

  // shape A
  private long headerRow;
  private String[] header;
  private HxlColumns plan;
  private final Set<Integer> nameColumns = new java.util.HashSet<>();

  // shape B
  private String[] dtmHeader;
  private final Set<String> dtmIgnored = new LinkedHashSet<>();
  final UpperLevelCheck upper = new UpperLevelCheck();

  record PendingUnit(int level, String pcode, String name, String parentPcode) {}

  record PendingLocation(
      String code,
      String name,
      LocationKind kind,
      Long unitId,
      String unitPcode,
      Double lat,
      Double lon) {}

  private static final class NormalisationUse {
    final String written;
    final String matched;
    final String rule;
    final List<Long> rows = new ArrayList<>();
    long count;
    boolean inOrigin;

    NormalisationUse(String written, String matched, String rule) {
      this.written = written;
      this.matched = matched;
      this.rule = rule;
    }
  }

  AssessmentFileReader(
      Operation operation,
      int roundNumber,
      PlaceResolver resolver,
      AssessmentType defaultType,
      Map<String, String> savedMapping,
      FigureSink staging) {
    this.operation = operation;
    this.roundNumber = roundNumber;
    this.resolver = resolver;
    this.provisional = !resolver.hasGeography();
    this.defaultType = defaultType;
    this.savedMapping = savedMapping;
    this.staging = staging;
    this.checks = new FigureChecks(operation.settings(), resolver);
    operation.reasons().forEach(r -> reasons.put(r.toLowerCase(Locale.ROOT), r));
  }

  List<Normalisation> normalisations() {
    return normalisations.values().stream()
        .map(n -> new Normalisation(n.written, n.matched, n.rule, List.copyOf(n.rows), n.count))
        .toList();
  }

  // ---------------------------------------------------------------- tables (CSV, XLSX)

  /** A row of a CSV or XLSX file; the first decides the shape. */
  void tableRow(long rowNumber, String[] cells) {
    if (header == null) {
      header = cells;
      headerRow = rowNumber;
      if (savedMapping == null && looksLikeDtm(cells)) {
        shape = SHAPE_DTM;
        dtmHeader = cells;
        // only the finest level's records are kept, known at the end of the file
        if (staging != null && staging.writesWhileReading()) throw new NeedsStaging();
      } else {
        shape = SHAPE_TABLE;
        if (savedMapping != null) plan = planFromMapping(cells);
        // HXL allows the hashtag row to be the first row, with no text header above it
        else if (isTagRow(cells)) plan = planFromTags(cells);
      }
      return;
    }
    boolean tagRow = isTagRow(cells);
    if (SHAPE_DTM.equals(shape)) {
      if (tagRow && rowNumber == headerRow + 1) return; // the DTM export's HXL row
      Map<String, String> record = new HashMap<>();
      for (int i = 0; i < dtmHeader.length && i < cells.length; i++) {
        record.put(dtmHeader[i], cells[i]);
      }
      dtmRecord(rowNumber, record);
      return;
    }
    if (plan == null) {
      if (!tagRow) {
        errors.add(
            rowNumber,
            null,
            null,
            "no HXL hashtag row under the header: tag the columns (e.g. #adm2+code,"
                + " #affected+idps+ind) or import with a saved column mapping");
        throw new StopReading();
      }
      plan = planFromTags(cells);
      return;
    }
    if (tagRow && rowNumber == headerRow + 1) return; // HXL row under a mapped header
    tableData(rowNumber, cells);
  }

  /**
   * Thrown, before the row is sent, when a sink that stores rows while the file is read ({@link
   * FigureSink#writesWhileReading}) meets a file it cannot take: DTM API records (only the finest
   * level is kept, known at the end), or a row whose place or origin the import must create (its id
   * comes after the read). The importer then imports the file through the staging table.
   */
  static final class NeedsStaging extends RuntimeException {
    NeedsStaging() {
      super(null, null, false, false);
    }
  }

  /** Thrown to stop reading a file that cannot be read further. */
  static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }

  static boolean looksLikeDtm(String[] cells) {
    int hits = 0;
    for (String cell : cells) {
      String name = cell.strip().toLowerCase(Locale.ROOT);
      if (name.equals("admin0pcode")
          || name.equals("admin1pcode")
          || name.equals("admin2pcode")
          || name.equals("numpresentidpind")) hits++;
    }
    return hits >= 2;
  }

  static boolean isTagRow(String[] cells) {
    boolean any = false;
    for (String cell : cells) {
      if (cell.isEmpty()) continue;
      if (!cell.strip().startsWith("#")) return false;
      any = true;
    }
    return any;
  }

  private HxlColumns planFromTags(String[] tagCells) {
    int n = Math.max(tagCells.length, header.length);
    String[] labels = new String[n];
    HxlTag[] tags = new HxlTag[n];
    for (int i = 0; i < n; i++) {
      String cell = i < tagCells.length ? tagCells[i] : "";
      tags[i] = HxlTag.parse(cell).orElse(null);
      labels[i] = tags[i] != null ? cell.strip() : (i < header.length ? header[i] : "");
    }
    return finishPlan(HxlColumns.of(labels, tags, operation.sexAgeBands()));
  }

  private HxlColumns planFromMapping(String[] headerCells) {
    Map<String, String> byHeader = new HashMap<>();
    savedMapping.forEach((k, v) -> byHeader.put(k.strip().toLowerCase(Locale.ROOT), v));
    String[] labels = new String[headerCells.length];
    HxlTag[] tags = new HxlTag[headerCells.length];
    for (int i = 0; i < headerCells.length; i++) {
      labels[i] = headerCells[i];
      String tag = byHeader.get(headerCells[i].strip().toLowerCase(Locale.ROOT));
      tags[i] = tag == null ? null : HxlTag.parse(tag).orElse(null);
    }
    return finishPlan(HxlColumns.of(labels, tags, operation.sexAgeBands()));
  }

  private HxlColumns finishPlan(HxlColumns columns) {
    recognised = columns.recognised;
    ignored.addAll(columns.ignored);
    boolean place =
        columns.columns.stream()
            .anyMatch(c -> c.field() == Field.ADM_CODE || c.field() == Field.LOC_CODE);
    boolean figures = columns.columns.stream().anyMatch(c -> c.field() == Field.FIGURE);
    if (!place) {
      errors.add(
          headerRow + 1,
          null,
          null,
          "no place column: tag one of #loc+code, #adm1+code, #adm2+code, #adm3+code");
    }
    if (!figures) {
      errors.add(
          headerRow + 1,
          null,
          null,
          "no population figures: tag columns like #affected+idps+ind or #affected+idps+hh");
    }
    if (!place || !figures) throw new StopReading();
    return columns;
  }

  private void tableData(long row, String[] cells) {
    rowsRead++;
    long before = errors.count();
    boolean skip = false;

    AssessmentType type =
        assessmentType(row, cell(cells, plan.first(Field.TYPE)), "#assessment+type");
    Column roundColumn = plan.first(Field.ROUND);
    String roundText = cell(cells, roundColumn);
    if (!roundText.isEmpty()) {
      Integer written = count(row, roundColumn.label(), roundText);
      if (written != null && written != roundNumber) {
        errors.add(
            row,
            roundColumn.label(),
            roundText,
            "round " + written + " in a file imported into round " + roundNumber);
      }
    }

    // admin codes and names by level; the finest code given is the place's unit
    String[] codes = new String[6];
    String[] codeLabels = new String[6];
    String[] names = new String[6];
    String[] originCodes = new String[6];
    String[] originLabels = new String[6];
    String[] originNames = new String[6];
    for (Column c : plan.columns) {
      String value = cell(cells, c);
      if (value.isEmpty()) continue;
      switch (c.field()) {
        case ADM_CODE -> {
          if (codeLooksLikeName(row, c, value)) skip = true;
          if (codes[c.level()] == null) {
            codes[c.level()] = value;
            codeLabels[c.level()] = c.label();
          }
        }
        case ADM_NAME -> {
          if (names[c.level()] == null) names[c.level()] = value;
        }
        case ORIGIN_CODE -> {
          if (codeLooksLikeName(row, c, value)) skip = true;
          if (originCodes[c.level()] == null) {
            originCodes[c.level()] = value;
            originLabels[c.level()] = c.label();
          }
        }
        case ORIGIN_NAME -> {
          if (originNames[c.level()] == null) originNames[c.level()] = value;
        }
        case LOC_CODE -> {
          if (codeLooksLikeName(row, c, value)) skip = true;
        }
        default -> {}
      }
    }
    if (skip) return;

    StagingTable.Row base = new StagingTable.Row();
    base.sourceRow = row;
    base.assessmentType = type == null ? null : type.name();

    int finest = -1;
    for (int level = 5; level >= 0; level--) {
      if (codes[level] != null) {
        finest = level;
        break;
      }
    }
    Column locCode = plan.first(Field.LOC_CODE);
    String loc = cell(cells, locCode);
    if (finest >= 0) {
      resolvePlaceUnit(row, base, codes, codeLabels, names, finest);
    }
    if (!loc.isEmpty()) {
      resolveLocation(row, base, cells, loc, locCode.label(), finest >= 0);
    } else if (finest < 0) {
      errors.add(
          row, null, null, "no place: the row has neither a location code nor an admin P-code");
    }

    // origin: the finest origin code given
    for (int level = 5; level >= 0; level--) {
      if (originCodes[level] != null) {
        resolveOrigin(
            row, base, originCodes[level], originLabels[level], originNames[level], level, codes);
        break;
      }
    }

    Column reasonColumn = plan.first(Field.REASON);
    base.reason =
        reason(row, reasonColumn == null ? null : reasonColumn.label(), cell(cells, reasonColumn));
    base.collectedOn = date(row, plan.first(Field.COLLECTED_ON), cells);
    base.eventDate = date(row, plan.first(Field.EVENT_DATE), cells);
    base.eventCause = blankToNull(cell(cells, plan.first(Field.EVENT_CAUSE)));
    base.arrival = blankToNull(cell(cells, plan.first(Field.ARRIVAL)));
    base.shelter = blankToNull(cell(cells, plan.first(Field.SHELTER)));
    Column informants = plan.first(Field.INFORMANTS);
    String informantsText = cell(cells, informants);
    if (!informantsText.isEmpty()) base.informants = count(row, informants.label(), informantsText);

    // figures per group
    int bandCount = operation.sexAgeBands().size() * 2;
    Map<PopulationGroup, StagingTable.Row> figures = new java.util.EnumMap<>(PopulationGroup.class);
    for (Column c : plan.columns) {
      if (c.field() != Field.FIGURE) continue;
      String value = cell(cells, c);
      if (value.isEmpty()) continue;
      Integer n = count(row, c.label(), value);
      if (n == null) continue;
      StagingTable.Row figure = figures.computeIfAbsent(c.group(), g -> new StagingTable.Row());
      switch (c.measure()) {
        case HOUSEHOLDS -> figure.households = n;
        case INDIVIDUALS -> figure.individuals = n;
        case MALES -> figure.males = n;
        case FEMALES -> figure.females = n;
        case BAND -> {
          if (figure.sexAge == null) figure.sexAge = new Integer[bandCount];
          figure.sexAge[c.band()] = n;
        }
      }
    }
    if (figures.isEmpty() && errors.count() == before) {
      errors.add(row, null, null, "no population figures in the row");
    }
    // after the first error nothing more is staged: the import will be refused
    if (errors.count() > 0 || staging == null) return;
    if ((!newUnits.isEmpty() || !newLocations.isEmpty()) && staging.writesWhileReading()) {
      throw new NeedsStaging();
    }
    int known = places.size();
    int place = places.place(base);
    if (place == known) staging.newPlace(places.list().get(place));
    Long placeUnitId = places.list().get(place).adminUnitId;
    for (var entry : figures.entrySet()) {
      StagingTable.Row figure = entry.getValue();
      figure.placeIndex = place;
      figure.group = entry.getKey().name();
      // reason, origin, arrival and shelter describe the IDP figure of the row
      if (entry.getKey() == PopulationGroup.IDP) {
        figure.reason = base.reason;
        figure.originId = base.originId;
        figure.originPcode = base.originPcode;
        figure.arrival = base.arrival;
        figure.shelter = base.shelter;
      }
      places.figure(place, figure.group, figure.reason, figure.originId, figure.individuals);
      staging.add(figure, checks.suspect(figure, placeUnitId));
    }
    types.add(type);
  }

  private void resolvePlaceUnit(
      long row,
      StagingTable.Row base,
      String[] codes,
      String[] labels,
      String[] names,
      int finest) {
    if (provisional) {
      String parent = null;
      for (int level = 0; level <= finest; level++) {
        if (codes[level] == null) continue;
        registerUnit(level, codes[level], names[level], parent);
        parent = codes[level];
      }
      base.unitPcode = codes[finest];
      base.place = codes[finest];
      base.placeName = names[finest];
      return;
    }
    Optional<PcodeMatch> match = resolver.unit(codes[finest]);
    if (match.isEmpty()) {
      errors.add(
          row,
          labels[finest],
          codes[finest],
          "unknown P-code " + codes[finest] + " in column " + labels[finest]);
      return;
    }
    AdminUnit unit = match.get().unit();
    base.adminUnitId = unit.id();
    base.unitPcode = unit.pcode();
    base.place = unit.pcode();
    base.placeName = unit.name();
    if (match.get().rule() != null) {
      base.pcodeWritten = codes[finest];
      base.pcodeRule = match.get().rule();
      noteNormalisation(row, match.get());
    }
  }

  private void resolveLocation(
      long row, StagingTable.Row base, String[] cells, String code, String label, boolean hasUnit) {
    Optional<Location> known = provisional ? Optional.empty() : resolver.location(code);
    if (known.isPresent()) {
      Location location = known.get();
      base.locationId = location.id();
      base.locationCode = location.code();
      base.place = location.code();
      base.placeName = location.name();
      if (base.adminUnitId == null || base.unitPcode == null) {
        base.adminUnitId = location.adminUnitId();
        base.unitPcode =
            resolver.unitById(location.adminUnitId()).map(AdminUnit::pcode).orElse(null);
      } else {
        base.adminUnitId = location.adminUnitId();
      }
      return;
    }
    String name = cell(cells, plan.first(Field.LOC_NAME));
    if (name.isEmpty() || !hasUnit) {
      errors.add(
          row,
          label,
          code,
          "unknown location code "
              + code
              + " in column "
              + label
              + "; give #loc+name and the admin unit's P-code to create it");
      return;
    }
    if (base.unitPcode == null) return; // its unit was already reported unknown
    String key = code.toUpperCase(Locale.ROOT);
    newLocations.putIfAbsent(
        key,
        new PendingLocation(
            code,
            name,
            kind(cell(cells, plan.first(Field.LOC_TYPE))),
            base.adminUnitId,
            base.unitPcode,
            coordinate(row, plan.first(Field.LAT), cells, 90),
            coordinate(row, plan.first(Field.LON), cells, 180)));
    base.locationCode = code;
    base.place = code;
    base.placeName = name;
  }

  private void resolveOrigin(
      long row,
      StagingTable.Row base,
      String code,
      String label,
      String name,
      int level,
      String[] codes) {
    if (provisional) {
      String parent = level > 0 && codes[0] != null ? codes[0] : null;
      registerUnit(level, code, name, parent);
      base.originPcode = code;
      return;
    }
    Optional<PcodeMatch> match = resolver.unit(code);
    if (match.isEmpty()) {
      errors.add(row, label, code, "unknown P-code " + code + " in column " + label);
      return;
    }
    base.originId = match.get().unit().id();
    base.originPcode = match.get().unit().pcode();
    if (match.get().rule() != null) noteNormalisation(row, match.get()).inOrigin = true;
  }

  private void registerUnit(int level, String pcode, String name, String parent) {
    String key = pcode.toUpperCase(Locale.ROOT);
    PendingUnit existing = newUnits.get(key);
    if (existing == null
        || (existing.parentPcode() == null && parent != null)
        || (existing.name().equals(existing.pcode()) && name != null)) {
      newUnits.put(
          key,
          new PendingUnit(
              level,
              pcode,
              name == null ? (existing == null ? pcode : existing.name()) : name,
              parent == null && existing != null ? existing.parentPcode() : parent));
    }
  }

  private NormalisationUse noteNormalisation(long row, PcodeMatch match) {
    NormalisationUse use =
        normalisations.computeIfAbsent(
            match.written().toUpperCase(Locale.ROOT),
            k -> new NormalisationUse(match.written(), match.unit().pcode(), match.rule()));
    use.count++;
    if (use.rows.size() < NORMALISATION_ROWS) use.rows.add(row);
    return use;
  }

  /**
   * Origin P-codes matched only by a normalisation rule. Places' own P-codes are kept on the
   * assessment and flagged by validation; origins live on figures, so the import flags them.
   */
  List<Normalisation> originNormalisations() {
    return normalisations.values().stream()
        .filter(n -> n.inOrigin)
        .map(n -> new Normalisation(n.written, n.matched, n.rule, List.copyOf(n.rows), n.count))
        .toList();
  }

  /** A code column holding names, e.g. "Kaga" under #adm2+code: reported once per column. */
  private boolean codeLooksLikeName(long row, Column column, String value) {
    if (!HxlColumns.holdsName(column, value)) return false;
    if (nameColumns.add(column.index())) {
      errors.add(
          row,
          column.label(),
          value,
          "column "
              + column.label()
              + " is tagged as a code but holds names like '"
              + value
              + "'; tag it +name or put the codes in it");
    } else {
      errors.add(row, column.label(), value, "a name in code column " + column.label());
    }
    return true;
  }

  // ---------------------------------------------------------------- DTM API records (shape B)

  /** One DTM API record, field name → value as text (JSON or a CSV export row). */
  void dtmRecord(long row, Map<String, String> written) {
    if (shape == null) shape = SHAPE_DTM;
    if (staging != null && staging.writesWhileReading()) throw new NeedsStaging();
    rowsRead++;
    long before = errors.count();
    Map<String, String> record = new HashMap<>();
    for (var e : written.entrySet()) {
      String key = e.getKey().strip().toLowerCase(Locale.ROOT);
      if (!DTM_FIELDS.contains(key)) {
        if (dtmIgnored.add(e.getKey())) {
          ignored.add(new IgnoredColumn(e.getKey(), "not a DTM API v3 record field"));
        }
        continue;
      }
      recognised.putIfAbsent(e.getKey(), key);
      record.put(key, e.getValue() == null ? "" : e.getValue().strip());
    }
    String roundText = record.getOrDefault("roundnumber", "");
    if (!roundText.isEmpty()) {
      Integer n = count(row, "roundNumber", roundText);
      if (n != null && n != roundNumber) {
        errors.add(
            row,
            "roundNumber",
            roundText,
            "round " + n + " in a file imported into round " + roundNumber);
      }
    }
    AssessmentType type =
        assessmentType(row, record.getOrDefault("assessmenttype", ""), "assessmentType");
    String[] codes = new String[3];
    String[] names = new String[3];
    int level = -1;
    for (int l = 0; l <= 2; l++) {
      codes[l] = blankToNull(record.get("admin" + l + "pcode"));
      names[l] = blankToNull(record.get("admin" + l + "name"));
      if (codes[l] != null) level = l;
    }
    StagingTable.Row base = new StagingTable.Row();
    base.sourceRow = row;
    base.level = level;
    base.assessmentType = type == null ? null : type.name();
    if (level < 0) {
      errors.add(row, "admin0Pcode", null, "no admin0Pcode, admin1Pcode or admin2Pcode");
    } else {
      String[] labels = {"admin0Pcode", "admin1Pcode", "admin2Pcode"};
      resolvePlaceUnit(row, base, codes, labels, names, level);
    }
    String reasonText = record.getOrDefault("displacementreason", "");
    base.reason = notAvailable(reasonText) ? null : reason(row, "displacementReason", reasonText);
    String origin = record.getOrDefault("idporiginadmin1pcode", "");
    if (!notAvailable(origin)) {
      String[] rowCodes = {codes[0], null, null, null, null, null};
      resolveOrigin(
          row,
          base,
          origin,
          "idpOriginAdmin1Pcode",
          blankToNull(record.get("idporiginadmin1name")),
          1,
          rowCodes);
    }
    String date = record.getOrDefault("reportingdate", "");
    if (!date.isEmpty()) base.collectedOn = isoDate(row, "reportingDate", date);
    Integer individuals = null;
    String ind = record.getOrDefault("numpresentidpind", "");
    if (ind.isEmpty()) errors.add(row, "numPresentIdpInd", null, "required");
    else individuals = count(row, "numPresentIdpInd", ind);
    Integer males = optionalCount(row, "numberMales", record.get("numbermales"));
    Integer females = optionalCount(row, "numberFemales", record.get("numberfemales"));
    // after the first error nothing more is staged: the import will be refused
    if (errors.count() > 0 || staging == null) return;
    int known = places.size();
    base.placeIndex = places.place(base);
    if (base.placeIndex == known) staging.newPlace(places.list().get(base.placeIndex));
    base.group = PopulationGroup.IDP.name();
    base.individuals = individuals;
    base.males = males;
    base.females = females;
    places.figure(base.placeIndex, base.group, base.reason, base.originId, base.individuals);
    staging.add(base, checks.suspect(base, places.list().get(base.placeIndex).adminUnitId));
    types.add(type);
    upper.add(type, level, codes, names, base.reason, base.originPcode, individuals);
  }

  private static boolean notAvailable(String text) {
    return text == null
        || text.isBlank()
        || text.equalsIgnoreCase("Not available")
        || text.equalsIgnoreCase("N/A");
  }

  // ---------------------------------------------------------------- values

  private AssessmentType assessmentType(long row, String written, String field) {
    if (written != null && !written.isEmpty()) {
      Optional<AssessmentType> type = AssessmentType.parse(written);
      if (type.isEmpty()) {
        errors.add(
            row,
            field,
            written,
            "not an assessment type: BA, SA or ETT (or baseline, site, event)");
        return null;
      }
      return type.get();
    }
    if (defaultType != null) return defaultType;
    errors.add(
        row,
        field,
        null,
        "no assessment type: give it in the file ("
            + field
            + ") or in the assessmentType field of the import");
    return null;
  }

  private String reason(long row, String field, String written) {
    if (written == null || written.isEmpty()) return null;
    String canonical = reasons.get(written.toLowerCase(Locale.ROOT));
    if (canonical == null) {
      errors.add(
          row, field, written, "reason is not in the operation's list " + operation.reasons());
    }
    return canonical;
  }

  private Integer count(long row, String field, String text) {
    String t = text.strip();
    int end = t.length();
    int dot = t.indexOf('.');
    if (dot >= 0) {
      for (int i = dot + 1; i < t.length(); i++) {
        if (t.charAt(i) != '0') {
          errors.add(row, field, text, "not a non-negative whole number");
          return null;
        }
      }
      end = dot;
    }
    if (end == 0 || end > 9) {
      if (end > 9 && t.substring(0, end).chars().allMatch(Character::isDigit)) {
        errors.add(row, field, text, "too large");
      } else {
        errors.add(row, field, text, "not a non-negative whole number");
      }
      return null;
    }
    int n = 0;
    for (int i = 0; i < end; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        errors.add(row, field, text, "not a non-negative whole number");
        return null;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private Integer optionalCount(long row, String field, String text) {
    return text == null || text.isBlank() ? null : count(row, field, text);
  }

  private LocalDate date(long row, Column column, String[] cells) {
    String text = cell(cells, column);
    return text.isEmpty() ? null : isoDate(row, column.label(), text);
  }

  private LocalDate isoDate(long row, String field, String text) {
    String t = text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text;
    if (t.equals(lastDateText)) return lastDate;
    LocalDate date = plainIsoDate(t);
    if (date == null) {
      try {
        date = LocalDate.parse(t);
      } catch (DateTimeParseException e) {
        errors.add(row, field, text, "not an ISO date (YYYY-MM-DD)");
        return null;
      }
    }
    lastDateText = t;
    lastDate = date;
    return date;
  }

  // rows of a file mostly repeat the date of the row before
  private String lastDateText;
  private LocalDate lastDate;

  /**
   * YYYY-MM-DD with a day up to 28 (valid in every month), without the formatter (a tenth of the
   * reading time); null for anything else, which {@link LocalDate#parse} then decides.
   */
  static LocalDate plainIsoDate(String t) {
    if (t.length() != 10 || t.charAt(4) != '-' || t.charAt(7) != '-') return null;
    int year = 0, month = 0, day = 0;
    for (int i = 0; i < 10; i++) {
      if (i == 4 || i == 7) continue;
      char c = t.charAt(i);
      if (c < '0' || c > '9') return null;
      int d = c - '0';
      if (i < 4) year = year * 10 + d;
      else if (i < 7) month = month * 10 + d;
      else day = day * 10 + d;
    }
    if (month < 1 || month > 12 || day < 1 || day > 28) return null;
    return LocalDate.of(year, month, day);
  }

  private Double coordinate(long row, Column column, String[] cells, double limit) {
    String text = cell(cells, column);
    if (text.isEmpty()) return null;
    try {
      double value = Double.parseDouble(text);
      if (Math.abs(value) <= limit) return value;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    errors.add(
        row,
        column.label(),
        text,
        "not a coordinate between -" + (int) limit + " and " + (int) limit);
    return null;
  }

  private static LocationKind kind(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    if (t.isEmpty()) return LocationKind.OTHER;
    if (t.contains("site")
        || t.contains("camp")
        || t.contains("collective")
        || t.contains("informal")) return LocationKind.SITE;
    if (t.contains("village") || t.contains("host")) return LocationKind.VILLAGE;
    if (t.contains("neighbourhood") || t.contains("neighborhood"))
      return LocationKind.NEIGHBOURHOOD;
    if (t.equals("fmp") || t.contains("flow")) return LocationKind.FLOW_MONITORING_POINT;
    return LocationKind.OTHER;
  }

  private static String cell(String[] cells, Column column) {
    if (column == null || column.index() >= cells.length) return "";
    return cells[column.index()];
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
