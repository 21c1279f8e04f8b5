package org.opendtm.geography.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.Location;
import org.opendtm.geography.Operation;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Takes in-memory snapshots of an operation's geography with a handful of queries, and keeps the
 * last few: a snapshot is reused as long as no write of the operation's units or locations has been
 * committed since it was taken. Database triggers record every such write, whoever makes it
 * (migration V2026_11_26_0700), so the check is one count, whatever the geography's size; a
 * transaction that wrote geography itself always takes a fresh snapshot and keeps none.
 */
@Component
public class PlaceResolvers {

  /** Snapshots kept at once (each operation's, with and without its locations). */
  private static final int KEPT = 4;

  private record Key(long operationId, String countryIso3, boolean withLocations) {}

  private record Kept(long changes, SnapshotPlaceResolver resolver) {}

  private record Changes(long count, boolean writtenHere) {}

  private final AdminUnits units;
  private final Locations locations;
  private final JdbcClient jdbc;
  private final Map<Key, Kept> kept = new HashMap<>();

  PlaceResolvers(AdminUnits units, Locations locations, JdbcClient jdbc) {
    this.units = units;
    this.locations = locations;
    this.jdbc = jdbc;
  }

  /**
   * A snapshot of every unit (current and retired), the current boundaries and, when asked for,
   * every location. Immutable, so one snapshot may serve several threads.
   */
  public SnapshotPlaceResolver snapshot(Operation operation, boolean withLocations) {
    // counted before loading: a write committed in between makes the next call load again
    Changes changes = changes(operation.id());
    Key key = new Key(operation.id(), operation.countryIso3(), withLocations);
    if (!changes.writtenHere()) {
      synchronized (kept) {
        Kept k = kept.get(key);
        if (k != null && k.changes() == changes.count()) return k.resolver();
      }
    }
    SnapshotPlaceResolver resolver = load(operation, withLocations);
    if (!changes.writtenHere()) {
      synchronized (kept) {
        if (kept.size() >= KEPT && !kept.containsKey(key)) kept.clear();
        kept.put(key, new Kept(changes.count(), resolver));
      }
    }
    return resolver;
  }

  private Changes changes(long operationId) {
    return jdbc.sql(
            """
            select count(*),
                   coalesce(current_setting('opendtm.geography_written', true), '') = 'on'
              from geography.snapshot_change where operation_id = :op
            """)
        .param("op", operationId)
        .query((rs, n) -> new Changes(rs.getLong(1), rs.getBoolean(2)))
        .single();
  }

  private SnapshotPlaceResolver load(Operation operation, boolean withLocations) {
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
