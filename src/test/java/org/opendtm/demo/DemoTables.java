package org.opendtm.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;

/** Reads the generated files back the way an importer would: tables by HXL tag, GeoJSON by JTS. */
final class DemoTables {

  /** A data row: its spreadsheet row number and its cells keyed by normalised HXL tag. */
  record Row(long number, Map<String, String> cells) {
    String get(String tag) {
      return cells.get(HxlTag.parse(tag).orElseThrow().toString());
    }

    int number(String tag) {
      String value = get(tag);
      return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }
  }

  record Table(List<String> header, List<String> tags, List<Row> rows) {}

  record Feature(String pcode, String name, String parentPcode, Geometry geometry) {}

  private DemoTables() {}

  static Table read(Path file) {
    List<String[]> raw = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    TabularReader.read(
        file,
        TabularFormat.CSV,
        (number, cells) -> {
          if (number <= 2) {
            raw.add(cells);
            if (number == 2) {
              for (String cell : cells) {
                tags.add(HxlTag.parse(cell).map(HxlTag::toString).orElse(null));
              }
            }
            return;
          }
          Map<String, String> byTag = new LinkedHashMap<>();
          for (int i = 0; i < cells.length; i++) byTag.put(tags.get(i), cells[i]);
          rows.add(new Row(number, byTag));
        });
    assertThat(raw).as("header and HXL rows of " + file.getFileName()).hasSize(2);
    assertThat(tags)
        .as("every column of " + file.getFileName() + " has a tag")
        .doesNotContainNull();
    return new Table(List.of(raw.get(0)), tags, rows);
  }

  static List<Feature> features(Path file) throws IOException {
    GeometryFactory factory = new GeometryFactory();
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertThat(root.get("type").asText()).isEqualTo("FeatureCollection");
    List<Feature> features = new ArrayList<>();
    for (JsonNode feature : root.get("features")) {
      JsonNode properties = feature.get("properties");
      JsonNode geometry = feature.get("geometry");
      Geometry shape;
      if (geometry.get("type").asText().equals("Polygon")) {
        shape = polygon(factory, geometry.get("coordinates"));
      } else {
        List<Polygon> parts = new ArrayList<>();
        for (JsonNode part : geometry.get("coordinates")) parts.add(polygon(factory, part));
        shape = factory.createMultiPolygon(parts.toArray(Polygon[]::new));
      }
      features.add(
          new Feature(
              properties.get("pcode").asText(),
              properties.get("name").asText(),
              properties.get("parentPcode").asText(),
              shape));
    }
    return features;
  }

  private static Polygon polygon(GeometryFactory factory, JsonNode rings) {
    List<LinearRing> linear = new ArrayList<>();
    for (JsonNode ring : rings) {
      Coordinate[] coordinates = new Coordinate[ring.size()];
      for (int i = 0; i < ring.size(); i++) {
        coordinates[i] =
            new Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
      }
      linear.add(factory.createLinearRing(coordinates));
    }
    return factory.createPolygon(
        linear.get(0), linear.subList(1, linear.size()).toArray(LinearRing[]::new));
  }
}
