package org.opendtm.geography.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.opendtm.geography.AdminUnit;
import org.springframework.stereotype.Component;

/**
 * Serves current boundaries as GeoJSON, simplified for maps. The result is cached per operation,
 * level, tolerance and geography revision: any change of the geography bumps the revision, so a
 * stale map is never served, and older entries are dropped.
 */
@Component
public class BoundaryMaps {

  private record Key(long operationId, int level, double tolerance) {}

  private record Cached(long revision, String body) {}

  /** A handful of maps per operation are served; cap the cache anyway. */
  private static final int MAX_ENTRIES = 64;

  private final AdminUnits units;
  private final ObjectMapper json;
  private final Map<Key, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  BoundaryMaps(AdminUnits units, ObjectMapper json) {
    this.units = units;
    this.json = json;
  }

  /** A FeatureCollection of the current units of a level with a boundary. */
  public String featureCollection(long operationId, int level, double tolerance) {
    long revision = units.revision(operationId);
    Key key = new Key(operationId, level, tolerance);
    synchronized (cache) {
      Cached cached = cache.get(key);
      if (cached != null && cached.revision() == revision) return cached.body();
    }
    String body = build(operationId, level, tolerance);
    synchronized (cache) {
      cache.put(key, new Cached(revision, body));
    }
    return body;
  }

  private String build(long operationId, int level, double tolerance) {
    Map<Long, AdminUnit> current = new HashMap<>();
    for (AdminUnit unit : units.listCurrent(operationId, level)) current.put(unit.id(), unit);
    ObjectNode collection = json.createObjectNode().put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    WKBReader reader = new WKBReader(BoundaryIndex.WGS84);
    GeoJsonWriter writer = new GeoJsonWriter(6);
    writer.setEncodeCRS(false);
    var boundaries = new java.util.ArrayList<>(units.listCurrentBoundaries(operationId, level));
    boundaries.sort(
        (a, b) -> current.get(a.unitId()).pcode().compareTo(current.get(b.unitId()).pcode()));
    for (var boundary : boundaries) {
      AdminUnit unit = current.get(boundary.unitId());
      Geometry geometry;
      try {
        geometry = reader.read(boundary.wkb());
      } catch (ParseException e) {
        continue;
      }
      Geometry simplified =
          tolerance > 0 ? TopologyPreservingSimplifier.simplify(geometry, tolerance) : geometry;
      ObjectNode feature = features.addObject().put("type", "Feature");
      try {
        feature.set("geometry", json.readTree(writer.write(simplified)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      feature
          .putObject("properties")
          .put("pcode", unit.pcode())
          .put("name", unit.name())
          .put("level", unit.level());
    }
    try {
      return json.writeValueAsString(collection);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
