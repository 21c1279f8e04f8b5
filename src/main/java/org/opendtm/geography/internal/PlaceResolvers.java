package org.opendtm.geography.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.Operation;
import org.springframework.stereotype.Component;

/** Takes in-memory snapshots of an operation's geography with a handful of queries. */
@Component
public class PlaceResolvers {

  private final AdminUnits units;
  private final Locations locations;

  PlaceResolvers(AdminUnits units, Locations locations) {
    this.units = units;
    this.locations = locations;
  }

  /**
   * A snapshot of every unit (current and retired), the current boundaries and, when asked for,
   * every location.
   */
  public SnapshotPlaceResolver snapshot(Operation operation, boolean withLocations) {
    List<AdminUnit> all = units.listAll(operation.id());
    Map<Long, AdminUnit> byId = new HashMap<>(Math.max(16, all.size() * 4 / 3 + 1));
    Map<Long, AdminUnit> current = new HashMap<>();
    for (AdminUnit unit : all) {
      byId.put(unit.id(), unit);
      if (unit.validTo() == null) current.put(unit.id(), unit);
    }
    PcodeIndex pcodes =
        new PcodeIndex(
            all, operation.countryIso3(), PcodeIndex.alpha2Prefix(operation.countryIso3(), all));
    BoundaryIndex boundaries =
        new BoundaryIndex(current, units.listCurrentBoundaries(operation.id(), null));
    List<Location> known = withLocations ? locations.listAll(operation.id()) : List.of();
    return new SnapshotPlaceResolver(byId, pcodes, boundaries, known);
  }
}
