package org.opendtm.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes admin units as a GeoJSON FeatureCollection (RFC 7946: lon/lat, outer rings
 * counter-clockwise, holes clockwise), one feature per line so the files diff well.
 */
final class GeoJsonFiles {

  private GeoJsonFiles() {}

  static void write(Path file, List<AdminArea> areas, List<AdminArea> parents, String adm0Pcode)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
      StringBuilder feature = new StringBuilder(1 << 16);
      for (int i = 0; i < areas.size(); i++) {
        AdminArea area = areas.get(i);
        String parent = area.parent() < 0 ? adm0Pcode : parents.get(area.parent()).pcode();
        feature.setLength(0);
        feature
            .append("{\"type\":\"Feature\",\"properties\":{\"pcode\":\"")
            .append(area.pcode())
            .append("\",\"name\":\"")
            .append(area.name())
            .append("\",\"level\":")
            .append(area.level())
            .append(",\"parentPcode\":\"")
            .append(parent)
            .append("\"},\"geometry\":");
        geometry(feature, area.geometry());
        feature.append('}');
        if (i < areas.size() - 1) feature.append(',');
        feature.append('\n');
        out.write(feature.toString());
      }
      out.write("]}\n");
    }
  }

  private static void geometry(StringBuilder out, Geometry geometry) {
    if (geometry instanceof Polygon polygon) {
      out.append("{\"type\":\"Polygon\",\"coordinates\":");
      polygon(out, polygon);
    } else {
      out.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
      for (int p = 0; p < geometry.getNumGeometries(); p++) {
        if (p > 0) out.append(',');
        polygon(out, (Polygon) geometry.getGeometryN(p));
      }
      out.append(']');
    }
    out.append('}');
  }

  private static void polygon(StringBuilder out, Polygon polygon) {
    out.append('[');
    ring(out, polygon.getExteriorRing(), true);
    for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
      out.append(',');
      ring(out, polygon.getInteriorRingN(h), false);
    }
    out.append(']');
  }

  private static void ring(StringBuilder out, LineString ring, boolean counterClockwise) {
    Coordinate[] coordinates = ring.getCoordinates();
    boolean reverse = Orientation.isCCW(coordinates) != counterClockwise;
    out.append('[');
    for (int i = 0; i < coordinates.length; i++) {
      Coordinate c = coordinates[reverse ? coordinates.length - 1 - i : i];
      if (i > 0) out.append(',');
      out.append('[');
      CsvLine.appendCoordinate(out, c.x);
      out.append(',');
      CsvLine.appendCoordinate(out, c.y);
      out.append(']');
    }
    out.append(']');
  }
}
