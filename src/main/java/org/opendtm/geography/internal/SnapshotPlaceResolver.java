package org.opendtm.geography.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.geography.PlaceResolver;

/** An operation's geography held in memory, as it was when the snapshot was taken. */
public final class SnapshotPlaceResolver implements PlaceResolver {

  private final Map<Long, AdminUnit> unitsById;
  private final PcodeIndex pcodes;
  private final BoundaryIndex boundaries;
  private final Map<String, Location> locationsByCode;

  public SnapshotPlaceResolver(
      Map<Long, AdminUnit> unitsById,
      PcodeIndex pcodes,
      BoundaryIndex boundaries,
      List<Location> locations) {
    this.unitsById = unitsById;
    this.pcodes = pcodes;
    this.boundaries = boundaries;
    this.locationsByCode = new HashMap<>(Math.max(16, locations.size() * 4 / 3 + 1));
    for (Location location : locations) locationsByCode.put(location.code(), location);
  }

  @Override
  public Optional<PcodeMatch> unit(String writtenPcode) {
    return pcodes.match(writtenPcode);
  }

  @Override
  public Optional<AdminUnit> unitById(long id) {
    return Optional.ofNullable(unitsById.get(id));
  }

  @Override
  public Optional<AdminUnit> ancestor(AdminUnit unit, int level) {
    AdminUnit current = unit;
    while (current != null && current.level() > level) {
      current = current.parentId() == null ? null : unitsById.get(current.parentId());
    }
    return current != null && current.level() == level ? Optional.of(current) : Optional.empty();
  }

  @Override
  public Optional<Location> location(String code) {
    if (code == null) return Optional.empty();
    return Optional.ofNullable(locationsByCode.get(code.strip()));
  }

  @Override
  public Optional<AdminUnit> unitAt(double latitude, double longitude, int level) {
    return boundaries.unitAt(latitude, longitude, level);
  }

  @Override
  public boolean hasGeography() {
    return !unitsById.isEmpty();
  }

  /** The boundary index, for checks that need to know whether a level has boundaries. */
  public BoundaryIndex boundaries() {
    return boundaries;
  }
}
