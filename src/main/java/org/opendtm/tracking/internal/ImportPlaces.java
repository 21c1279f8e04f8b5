package org.opendtm.tracking.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opendtm.geography.Location;
import org.opendtm.tracking.PopulationGroup;

/**
 * The assessments of one import, one per assessment type and place, built in memory while the file
 * is read: a row's place gets an index the first time it appears, and the rows of a place merge
 * into it (most informants, earliest dates, first row, first non-null texts). Memory grows with the
 * file's distinct places — bounded by the operation's geography and the places the file creates —
 * never with its rows. Written with one COPY once the file is read ({@link #write}).
 *
 * <p>Rows belong to the same assessment exactly when the former {@code GROUP BY assessment_type,
 * admin_unit_id, location_id, place} over the staged rows put them together: a known location by
 * its id, a known unit by its id, a location the import creates by its code (any case), a unit the
 * import creates by its P-code and the place as written.
 */
final class ImportPlaces {

  /** One assessment to be: a place of the file and what its rows say about it. */
  static final class Place {
    final int index;
    final String type;
    final int level;
    Long adminUnitId;
    final String unitPcode;
    Long locationId;
    String locationCode;
    String place;
    String placeName;
    String pcodeWritten;
    String pcodeRule;
    Integer informants;
    LocalDate collectedOn;
    LocalDate eventDate;
    String eventCause;
    final long sourceRow;

    /**
     * The group, reason and origin of the place's figures so far (up to {@link #KEYS_KEPT}), to
     * tell whether two of them may be DUPLICATE_PLACE's duplicates without keeping every figure.
     */
    private List<FigureKey> figureKeys;

    /** Two figures of the place have the same group, reason and origin, or may have. */
    boolean maybeDuplicate;

    /**
     * The individuals of the place's figures per population group (by ordinal), null until a figure
     * gives individuals; {@link #individualsGiven} tells which groups have any.
     */
    private long[] individuals;

    private int individualsGiven;

    private Place(int index, StagingTable.Row row) {
      this.index = index;
      this.type = row.assessmentType;
      this.level = row.level == null ? -1 : row.level;
      this.adminUnitId = row.adminUnitId;
      this.unitPcode = row.unitPcode;
      this.locationId = row.locationId;
      this.locationCode = row.locationCode;
      this.place = row.place;
      this.placeName = row.placeName;
      this.pcodeWritten = row.pcodeWritten;
      this.pcodeRule = row.pcodeRule;
      this.informants = row.informants;
      this.collectedOn = row.collectedOn;
      this.eventDate = row.eventDate;
      this.eventCause = row.eventCause;
      this.sourceRow = row.sourceRow;
    }

    /**
     * A later row changed what its first row said (a text the first row left out, more informants,
     * an earlier date): an assessment written at first sight must be updated.
     */
    boolean changed;

    private void merge(StagingTable.Row row) {
      if (placeName == null && row.placeName != null) {
        placeName = row.placeName;
        changed = true;
      }
      if (pcodeWritten == null && row.pcodeWritten != null) {
        pcodeWritten = row.pcodeWritten;
        changed = true;
      }
      if (pcodeRule == null && row.pcodeRule != null) {
        pcodeRule = row.pcodeRule;
        changed = true;
      }
      if (eventCause == null && row.eventCause != null) {
        eventCause = row.eventCause;
        changed = true;
      }
      if (row.informants != null && (informants == null || row.informants > informants)) {
        informants = row.informants;
        changed = true;
      }
      LocalDate collected = earliest(collectedOn, row.collectedOn);
      LocalDate event = earliest(eventDate, row.eventDate);
      if (collected != collectedOn || event != eventDate) {
        collectedOn = collected;
        eventDate = event;
        changed = true;
      }
    }

    /** One row of {@link #COPY}: the place as an assessment with this id. */
    void write(CopyWriter copy, long id, long roundId, long importId) {
      copy.number(id);
      copy.number(roundId);
      copy.text(type);
      copy.number(adminUnitId);
      copy.number(locationId);
      copy.text(place);
      copy.text(placeName);
      copy.text(pcodeWritten);
      copy.text(pcodeRule);
      copy.number(informants);
      copy.date(collectedOn);
      copy.date(eventDate);
      copy.text(eventCause);
      copy.number(importId);
      copy.number(sourceRow);
      copy.endRow();
    }

    /**
     * One row of {@link #BINARY_COPY} without its id: the place as an assessment, as it is now
     * (later rows may change it: {@link #changed}).
     */
    void write(BinaryRows rows, long roundId, long importId) {
      rows.int8(roundId);
      rows.text(type);
      rows.int8(adminUnitId);
      rows.int8(locationId);
      rows.text(place);
      rows.text(placeName);
      rows.text(pcodeWritten);
      rows.text(pcodeRule);
      rows.int4(informants);
      rows.date(collectedOn);
      rows.date(eventDate);
      rows.text(eventCause);
      rows.int8(importId);
      rows.int8(sourceRow);
      rows.endRow();
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
      if (a == null) return b;
      if (b == null) return a;
      return b.isBefore(a) ? b : a;
    }
  }

  private record FigureKey(String group, String reason, Long origin) {}

  /**
   * Figures kept per place for the duplicate check; a place with more (the 1 GB benchmark file has
   * 105 per place) is left to the database to group, so memory stays bounded by the places.
   */
  private static final int KEYS_KEPT = 8;

  /**
   * Notes a staged figure of the place: its individuals go into the place's sums per group, its
   * group, reason and origin into the duplicate check.
   */
  void figure(int index, String group, String reason, Long origin, Integer individuals) {
    Place place = places.get(index);
    if (individuals != null) {
      int g = PopulationGroup.valueOf(group).ordinal();
      if (place.individuals == null) place.individuals = new long[GROUPS.length];
      place.individuals[g] += individuals;
      place.individualsGiven |= 1 << g;
    }
    if (place.maybeDuplicate) return;
    FigureKey key = new FigureKey(group, reason, origin);
    if (place.figureKeys == null) {
      place.figureKeys = new ArrayList<>(2);
    } else if (place.figureKeys.size() >= KEYS_KEPT || place.figureKeys.contains(key)) {
      place.maybeDuplicate = true;
      place.figureKeys = null;
      return;
    }
    place.figureKeys.add(key);
  }

  private static final PopulationGroup[] GROUPS = PopulationGroup.values();

  /**
   * The individuals of the file per stored assessment and group, as parallel arrays (groups without
   * individuals left out): what the round-over-round check would sum over the stored figures when
   * the import is their only source ({@link Validation}).
   *
   * @param types the assessment's type, {@code places} its place as written (as stored)
   * @param unique no two of the assessments have the same type and place: each (type, place, group)
   *     has one sum here, as in the previous round's kept sums
   */
  record Sums(
      long[] assessments,
      String[] types,
      String[] places,
      String[] groups,
      long[] individuals,
      boolean unique) {}

  /** {@link Sums} of the places stored as {@code ids} (by place index; null or 0: not stored). */
  Sums sums(Long[] ids) {
    int n = 0;
    Set<String> seen = new HashSet<>();
    boolean unique = true;
    for (Place p : places) {
      if (p.individualsGiven == 0 || ids[p.index] == null || ids[p.index] == 0) continue;
      n += Integer.bitCount(p.individualsGiven);
      if (unique && !seen.add(p.type + '\u0000' + p.place)) unique = false;
    }
    Sums sums =
        new Sums(new long[n], new String[n], new String[n], new String[n], new long[n], unique);
    int i = 0;
    for (Place p : places) {
      if (p.individualsGiven == 0 || ids[p.index] == null || ids[p.index] == 0) continue;
      for (int g = 0; g < GROUPS.length; g++) {
        if ((p.individualsGiven & (1 << g)) != 0) {
          sums.assessments[i] = ids[p.index];
          sums.types[i] = p.type;
          sums.places[i] = p.place;
          sums.groups[i] = GROUPS[g].name();
          sums.individuals[i] = p.individuals[g];
          i++;
        }
      }
    }
    return sums;
  }

  private final Map<String, Place> byKey = new HashMap<>();
  private final List<Place> places = new ArrayList<>();
  private int finestLevel = -1;

  /** The index of the row's place, created when the row is its first. */
  int place(StagingTable.Row row) {
    String key = key(row);
    Place place = byKey.get(key);
    if (place == null) {
      place = new Place(places.size(), row);
      byKey.put(key, place);
      places.add(place);
      if (place.level > finestLevel) finestLevel = place.level;
    } else {
      place.merge(row);
    }
    return place.index;
  }

  private static String key(StagingTable.Row row) {
    String level = row.level == null ? "" : row.level.toString();
    if (row.locationId != null) return row.assessmentType + "|" + level + "|L" + row.locationId;
    if (row.locationCode != null) {
      return row.assessmentType + "|" + level + "|N" + row.locationCode.toUpperCase(Locale.ROOT);
    }
    if (row.adminUnitId != null) return row.assessmentType + "|" + level + "|U" + row.adminUnitId;
    return row.assessmentType
        + "|"
        + level
        + "|P"
        + row.unitPcode.toUpperCase(Locale.ROOT)
        + "|"
        + row.place;
  }

  int size() {
    return places.size();
  }

  List<Place> list() {
    return places;
  }

  /** Units the import created (by upper-case P-code): their places get the new ids. */
  void unitsCreated(Map<String, Long> idsByPcode) {
    for (Place p : places) {
      if (p.adminUnitId == null && p.unitPcode != null) {
        p.adminUnitId = idsByPcode.get(p.unitPcode.toUpperCase(Locale.ROOT));
      }
    }
  }

  /** Locations the import created or updated: their places get the stored id, code and unit. */
  void locationsCreated(List<Location> locations) {
    Map<String, Location> byCode = new HashMap<>();
    for (Location l : locations) byCode.putIfAbsent(l.code().toUpperCase(Locale.ROOT), l);
    for (Place p : places) {
      if (p.locationId != null || p.locationCode == null) continue;
      Location l = byCode.get(p.locationCode.toUpperCase(Locale.ROOT));
      if (l == null) continue;
      p.locationId = l.id();
      p.locationCode = l.code();
      p.place = l.code();
      p.adminUnitId = l.adminUnitId();
    }
  }

  /**
   * DTM API records: only the places of the finest level given are stored (the upper levels are
   * derived and checked against them).
   */
  boolean keeps(Place place, boolean finestOnly) {
    return !finestOnly || place.level >= finestLevel;
  }

  /** The COPY of the kept places as assessments, with the reserved ids. */
  static final String COPY =
      """
      copy tracking.assessment
        (id, round_id, assessment_type, admin_unit_id, location_id, place, place_name,
         pcode_written, pcode_rule, informants, collected_on, event_date, event_cause,
         import_id, source_row)
      from stdin""";

  /** {@link #COPY} in the binary format ({@link BinaryRows}): the id first, 15 columns. */
  static final String BINARY_COPY = COPY + " with (format binary)";

  static final int COLUMNS = 15;

  /**
   * Writes the places as assessments of the round, place {@code i} with id {@code ids[i]} (none
   * where it is 0: a dropped level); returns the number written.
   */
  long write(CopyWriter copy, long roundId, long importId, Long[] ids) {
    try {
      for (Place p : places) {
        long id = ids[p.index];
        if (id <= 0) continue;
        p.write(copy, id, roundId, importId);
      }
      return copy.finish();
    } catch (RuntimeException e) {
      copy.abort();
      throw e;
    }
  }
}
