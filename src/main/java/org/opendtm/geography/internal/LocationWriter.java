package org.opendtm.geography.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyErrorCode;
import org.opendtm.geography.Location;
import org.opendtm.geography.NewLocation;
import org.springframework.stereotype.Component;

/**
 * Creates and updates locations in bulk, checking each point against the boundaries at its unit's
 * level. Runs in the caller's transaction.
 */
@Component
public class LocationWriter {

  /** The stored locations, and for each request (same order) what the boundary check found. */
  public record Result(List<Location> stored, List<Locations.BoundaryCheck> checks) {}

  private final AdminUnits units;
  private final Locations locations;

  LocationWriter(AdminUnits units, Locations locations) {
    this.units = units;
    this.locations = locations;
  }

  public Result upsert(long operationId, List<NewLocation> requested) {
    Map<Long, AdminUnit> current = currentUnits(operationId);
    validate(requested, current, 0);
    BoundaryIndex boundaries =
        new BoundaryIndex(current, units.listCurrentBoundaries(operationId, null));
    List<Locations.BoundaryCheck> checks = new ArrayList<>(requested.size());
    for (NewLocation location : requested) checks.add(check(location, current, boundaries));
    return new Result(locations.upsert(operationId, requested, checks), checks);
  }

  /**
   * The checks of one import's chunks: the current units and the boundary index are loaded once,
   * then each chunk is validated and checked against the boundaries, and the caller stores it with
   * {@link Locations#upsertCounting} — so an import of any size holds one chunk at a time.
   */
  public Batch batch(long operationId) {
    Map<Long, AdminUnit> current = currentUnits(operationId);
    return new Batch(
        current, new BoundaryIndex(current, units.listCurrentBoundaries(operationId, null)));
  }

  /** See {@link #batch}. Needs no database: safe on the reading thread while a writer stores. */
  public static final class Batch {
    private final Map<Long, AdminUnit> current;
    private final BoundaryIndex boundaries;
    private int checked;

    private Batch(Map<Long, AdminUnit> current, BoundaryIndex boundaries) {
      this.current = current;
      this.boundaries = boundaries;
    }

    /** Validates a chunk and returns its boundary checks, in the chunk's order. */
    public List<Locations.BoundaryCheck> check(List<NewLocation> chunk) {
      validate(chunk, current, checked);
      checked += chunk.size();
      List<Locations.BoundaryCheck> checks = new ArrayList<>(chunk.size());
      for (NewLocation location : chunk)
        checks.add(LocationWriter.check(location, current, boundaries));
      return checks;
    }
  }

  private Map<Long, AdminUnit> currentUnits(long operationId) {
    Map<Long, AdminUnit> current = new HashMap<>();
    for (AdminUnit unit : units.listCurrent(operationId, null)) current.put(unit.id(), unit);
    return current;
  }

  /** Row numbers in errors count from {@code offset + 1}. */
  private static void validate(
      List<NewLocation> requested, Map<Long, AdminUnit> current, int offset) {
    InputErrors errors = new InputErrors();
    int index = offset;
    for (NewLocation location : requested) {
      index++;
      if (location.code() == null || location.code().isBlank())
        errors.add(index, "code", null, "missing location code");
      if (location.name() == null || location.name().isBlank())
        errors.add(index, "name", location.code(), "missing name");
      if (location.kind() == null) errors.add(index, "kind", location.code(), "missing kind");
      if (!current.containsKey(location.adminUnitId()))
        errors.add(
            index,
            "adminUnitId",
            String.valueOf(location.adminUnitId()),
            "not a current admin unit of the operation");
      if ((location.latitude() == null) != (location.longitude() == null))
        errors.add(
            index, "latitude", location.code(), "give both latitude and longitude, or neither");
      if (location.latitude() != null && Math.abs(location.latitude()) > 90)
        errors.add(index, "latitude", location.latitude().toString(), "outside -90..90");
      if (location.longitude() != null && Math.abs(location.longitude()) > 180)
        errors.add(index, "longitude", location.longitude().toString(), "outside -180..180");
    }
    errors.throwIfAny(GeographyErrorCode.INVALID_GEOGRAPHY_FILE, "The list of locations");
  }

  private static Locations.BoundaryCheck check(
      NewLocation location, Map<Long, AdminUnit> current, BoundaryIndex boundaries) {
    AdminUnit declared = current.get(location.adminUnitId());
    if (location.latitude() == null || !boundaries.covers(declared.level()))
      return Locations.BoundaryCheck.NONE;
    return boundaries
        .unitAt(location.latitude(), location.longitude(), declared.level())
        .map(
            found ->
                found.id() == declared.id()
                    ? Locations.BoundaryCheck.NONE
                    : new Locations.BoundaryCheck(found.id(), false))
        .orElse(new Locations.BoundaryCheck(null, true));
  }
}
