package org.opendtm.geography.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.opendtm.geography.AdminUnit;

/**
 * Point-in-polygon over the boundaries of current units: one STR-tree per level over prepared
 * geometries, so a lookup touches only the few polygons whose envelope holds the point.
 */
public final class BoundaryIndex {

  static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(), 4326);

  private record Entry(AdminUnit unit, PreparedGeometry geometry) {}

  private final Map<Integer, STRtree> trees = new HashMap<>();

  /** Builds the index; {@code units} maps ids to the current units whose boundaries are given. */
  public BoundaryIndex(Map<Long, AdminUnit> units, List<AdminUnits.StoredBoundary> boundaries) {
    WKBReader reader = new WKBReader(WGS84);
    for (AdminUnits.StoredBoundary boundary : boundaries) {
      AdminUnit unit = units.get(boundary.unitId());
      if (unit == null) continue;
      Geometry geometry;
      try {
        geometry = reader.read(boundary.wkb());
      } catch (ParseException e) {
        continue; // stored by us from valid geometries; a broken one is skipped, not fatal
      }
      STRtree tree = trees.computeIfAbsent(unit.level(), l -> new STRtree());
      tree.insert(
          geometry.getEnvelopeInternal(),
          new Entry(unit, PreparedGeometryFactory.prepare(geometry)));
    }
    trees.values().forEach(STRtree::build);
  }

  /** True when boundaries are known at this level. */
  public boolean covers(int level) {
    return trees.containsKey(level);
  }

  /** The unit at a level whose boundary holds the point (lowest id when boundaries overlap). */
  public Optional<AdminUnit> unitAt(double latitude, double longitude, int level) {
    STRtree tree = trees.get(level);
    if (tree == null) return Optional.empty();
    Point point = WGS84.createPoint(new Coordinate(longitude, latitude));
    AdminUnit best = null;
    for (Object item : tree.query(point.getEnvelopeInternal())) {
      Entry entry = (Entry) item;
      if (entry.geometry().covers(point) && (best == null || entry.unit().id() < best.id())) {
        best = entry.unit();
      }
    }
    return Optional.ofNullable(best);
  }
}
