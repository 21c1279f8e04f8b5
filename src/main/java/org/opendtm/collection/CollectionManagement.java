package org.opendtm.collection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opendtm.collection.internal.Assignments;
import org.opendtm.collection.internal.Assignments.SubmitterCounts;
import org.opendtm.collection.internal.Assignments.Visit;
import org.opendtm.collection.internal.Enumerators;
import org.opendtm.collection.internal.Enumerators.EnumeratorInfo;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Location;
import org.opendtm.geography.Operation;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.RoundProgress;
import org.opendtm.tracking.TrackingManagement;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Field collection as a team lead follows it: which places each enumerator is expected to visit in
 * a round (assignments), and who collected what, where and when against that list.
 */
@Service
public class CollectionManagement {

  /** At most this many codes are listed per list in {@link #getProgress(String, int)}. */
  public static final int LISTED = 200;

  private static final int MAX_ERRORS = 1000;

  private final Assignments assignments;
  private final Enumerators enumerators;
  private final GeographyManagement geography;
  private final TrackingManagement tracking;

  CollectionManagement(
      Assignments assignments,
      Enumerators enumerators,
      GeographyManagement geography,
      TrackingManagement tracking) {
    this.assignments = assignments;
    this.enumerators = enumerators;
    this.geography = geography;
    this.tracking = tracking;
  }

  // ------------------------------------------------------------------ assignments

  /** The round's own assignment list, by enumerator then place. */
  public List<PlaceAssignment> listAssignments(String operationCode, int round) {
    tracking.getRound(operationCode, round);
    return assignments.list(operationCode, round);
  }

  /**
   * Replaces the round's assignment list. Every enumerator must be one of the operation's
   * enumerators and every place a current P-code or a location code of the operation; P-codes are
   * stored as the geography writes them. Any bad entry refuses the whole list (422, each entry by
   * its position from 1), and nothing changes.
   *
   * @return the list as stored
   */
  @Transactional
  public List<PlaceAssignment> replaceAssignments(
      String operationCode, int round, List<PlaceAssignment> list, String user) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      PlaceAssignment a = list.get(i);
      rows.add(new Row(i + 1, a == null ? null : a.enumerator(), a == null ? null : a.place()));
    }
    return replace(operationCode, round, rows, user);
  }

  /**
   * Replaces the round's assignment list from a CSV or XLSX file with the columns {@code
   * enumerator} and {@code place} (also {@code username}, {@code pcode}, {@code place_code}, {@code
   * location}); rows are reported by their row number in the file.
   */
  @Transactional
  public List<PlaceAssignment> replaceAssignments(
      String operationCode, int round, Path file, String user) {
    TabularFormat format;
    try {
      format = TabularFormat.detect(file);
    } catch (IOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The file could not be read: " + e.getMessage());
    }
    if (format != TabularFormat.CSV && format != TabularFormat.XLSX) {
      throw new OpenDtmException(
          PlatformErrorCode.UNSUPPORTED_FORMAT, "An assignment list is a CSV or XLSX file");
    }
    List<Row> rows = new ArrayList<>();
    int[] columns = {-1, -1};
    List<InputError> headerErrors = new ArrayList<>();
    TabularReader.read(
        file,
        format,
        (rowNumber, cells) -> {
          if (columns[0] < 0 && columns[1] < 0 && headerErrors.isEmpty()) {
            for (int c = 0; c < cells.length; c++) {
              String header = cells[c].strip().toLowerCase(Locale.ROOT);
              if (Set.of("enumerator", "username", "user").contains(header)) columns[0] = c;
              if (Set.of("place", "pcode", "p-code", "place_code", "location", "location_code")
                  .contains(header)) columns[1] = c;
            }
            if (columns[0] < 0 || columns[1] < 0) {
              headerErrors.add(
                  new InputError(
                      rowNumber,
                      columns[0] < 0 ? "enumerator" : "place",
                      null,
                      "the first row must name the columns enumerator and place"));
            }
            return;
          }
          if (!headerErrors.isEmpty()) return;
          String enumerator = cell(cells, columns[0]);
          String place = cell(cells, columns[1]);
          if (enumerator != null && enumerator.startsWith("#")) return; // an HXL tag row
          rows.add(new Row(rowNumber, enumerator, place));
        });
    if (!headerErrors.isEmpty()) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_ASSIGNMENTS,
          "The assignment list has no enumerator and place columns; nothing was changed",
          headerErrors);
    }
    return replace(operationCode, round, rows, user);
  }

  private static String cell(String[] cells, int column) {
    if (column >= cells.length) return null;
    String value = cells[column].strip();
    return value.isEmpty() ? null : value;
  }

  private record Row(long number, String enumerator, String place) {}

  private List<PlaceAssignment> replace(
      String operationCode, int round, List<Row> rows, String user) {
    Operation operation = geography.getOperation(operationCode);
    tracking.getRound(operationCode, round);
    Set<String> known = new HashSet<>();
    for (EnumeratorInfo e : enumerators.list(operationCode)) {
      if (e.revokedAt() == null) known.add(e.username());
    }
    PlaceResolver places = geography.placeResolver(operation.id());
    List<InputError> errors = new ArrayList<>();
    Set<PlaceAssignment> stored = new LinkedHashSet<>();
    for (Row row : rows) {
      if (row.enumerator() == null) {
        errors.add(new InputError(row.number(), "enumerator", null, "required"));
      } else if (!known.contains(row.enumerator())) {
        errors.add(
            new InputError(
                row.number(),
                "enumerator",
                row.enumerator(),
                "not an active enumerator of operation " + operationCode));
      }
      String place = null;
      if (row.place() == null) {
        errors.add(new InputError(row.number(), "place", null, "required"));
      } else {
        Optional<String> canonical = canonicalPlace(places, row.place(), errors, row.number());
        place = canonical.orElse(null);
      }
      if (place != null && row.enumerator() != null) {
        stored.add(new PlaceAssignment(row.enumerator(), place));
      }
    }
    if (!errors.isEmpty()) {
      throw new OpenDtmException(
          CollectionErrorCode.INVALID_ASSIGNMENTS,
          "The assignment list has " + errors.size() + " problem(s); nothing was changed",
          errors.stream().limit(MAX_ERRORS).toList(),
          errors.size(),
          Map.of());
    }
    assignments.replace(operationCode, round, List.copyOf(stored), user);
    return assignments.list(operationCode, round);
  }

  private static Optional<String> canonicalPlace(
      PlaceResolver places, String written, List<InputError> errors, long row) {
    Optional<Location> location = places.location(written);
    if (location.isPresent()) return Optional.of(location.get().code());
    Optional<PcodeMatch> unit = places.unit(written);
    if (unit.isEmpty()) {
      errors.add(
          new InputError(row, "place", written, "not a P-code or location code of the operation"));
      return Optional.empty();
    }
    if (unit.get().unit().validTo() != null) {
      errors.add(
          new InputError(
              row, "place", written, "this P-code was retired on " + unit.get().unit().validTo()));
      return Optional.empty();
    }
    return Optional.of(unit.get().unit().pcode());
  }

  // ------------------------------------------------------------------ progress

  /** The round's collection progress, lists capped at {@value #LISTED} codes. */
  public CollectionProgress getProgress(String operationCode, int round) {
    return getProgress(operationCode, round, LISTED);
  }

  /**
   * The round's collection progress: expected places against visited ones, and per enumerator what
   * was sent, what became of it, and the assigned places not visited yet.
   *
   * @param listLimit at most this many codes per list of places not visited
   */
  public CollectionProgress getProgress(String operationCode, int roundNumber, int listLimit) {
    Round round = tracking.getRound(operationCode, roundNumber);
    boolean collectingNow =
        tracking
            .findCollectingRound(operationCode)
            .map(r -> r.number() == roundNumber)
            .orElse(false);

    Map<String, String> displayNames = new HashMap<>();
    Set<String> people = new TreeSet<>();
    for (EnumeratorInfo e : enumerators.list(operationCode)) {
      displayNames.put(e.username(), e.displayName());
      if (e.revokedAt() == null) people.add(e.username());
    }
    Map<String, SubmitterCounts> counts = new HashMap<>();
    for (SubmitterCounts c :
        assignments.countBySubmitter(operationCode, roundNumber, collectingNow)) {
      counts.put(c.submitter(), c);
      people.add(c.submitter());
    }

    Optional<Integer> listRound = assignments.findListRound(operationCode, roundNumber);
    Map<String, List<String>> assigned = new TreeMap<>();
    if (listRound.isPresent()) {
      for (PlaceAssignment a : assignments.list(operationCode, listRound.get())) {
        assigned.computeIfAbsent(a.enumerator(), k -> new ArrayList<>()).add(a.place());
        people.add(a.enumerator());
      }
    }
    // who visited which place: a visit of a location also visits the admin unit it lies in
    Set<String> visitedByAnyone = new HashSet<>();
    Map<String, Set<String>> visitedBy = new HashMap<>();
    for (Visit v : assignments.visits(operationCode, roundNumber)) {
      Set<String> mine = visitedBy.computeIfAbsent(v.submitter(), k -> new HashSet<>());
      for (String code : new String[] {v.placeCode(), v.unitPcode()}) {
        if (code == null) continue;
        mine.add(code);
        visitedByAnyone.add(code);
      }
    }

    List<EnumeratorProgress> rows = new ArrayList<>();
    for (String person : people) {
      SubmitterCounts c = counts.get(person);
      List<String> theirs = assigned.get(person);
      Integer assignedCount = null;
      Integer assignedVisited = null;
      List<String> notVisited = List.of();
      long notVisitedCount = 0;
      if (listRound.isPresent()) {
        List<String> places = theirs == null ? List.of() : theirs;
        Set<String> mine = visitedBy.getOrDefault(person, Set.of());
        List<String> missing = places.stream().filter(p -> !mine.contains(p)).toList();
        assignedCount = places.size();
        assignedVisited = places.size() - missing.size();
        notVisited = missing.stream().limit(listLimit).toList();
        notVisitedCount = missing.size();
      }
      rows.add(
          new EnumeratorProgress(
              person,
              displayNames.get(person),
              assignedCount,
              assignedVisited,
              c == null ? 0 : c.submitted(),
              c == null ? 0 : c.applied(),
              c == null ? 0 : c.notApplied(),
              c == null ? 0 : c.pending(),
              c == null ? 0 : c.rejected(),
              c == null ? 0 : c.places(),
              c == null ? null : c.lastAt(),
              notVisited,
              notVisitedCount));
    }

    if (listRound.isPresent()) {
      Set<String> expected = new TreeSet<>();
      assigned.values().forEach(expected::addAll);
      List<String> missing = expected.stream().filter(p -> !visitedByAnyone.contains(p)).toList();
      return new CollectionProgress(
          operationCode,
          roundNumber,
          round.status().name(),
          "ASSIGNMENTS",
          listRound.get(),
          expected.size(),
          expected.size() - missing.size(),
          missing.stream().limit(listLimit).toList(),
          missing.size(),
          rows);
    }
    // no list: the places the round is expected to cover, as the review counts them
    RoundProgress places = tracking.getRoundProgress(operationCode, roundNumber);
    return new CollectionProgress(
        operationCode,
        roundNumber,
        round.status().name(),
        places.expectedFrom(),
        null,
        places.expected(),
        Math.max(0, places.expected() - places.missingCount()),
        places.missing().stream().limit(listLimit).toList(),
        places.missingCount(),
        rows);
  }
}
