package org.opendtm.geography.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyImportReport;
import org.opendtm.geography.PcodeMatch;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;

/**
 * Reads a GeoJSON FeatureCollection of boundaries, feature by feature, matching each feature to a
 * current unit by the P-code property. Every feature whose P-code is unknown is an error; invalid
 * polygons are repaired with {@link GeometryFixer}.
 */
final class BoundaryImport {

  /** A boundary matched to its unit; {@code feature} is the 1-based feature number. */
  record Matched(long feature, AdminUnit unit, byte[] wkb) {}

  private final SnapshotPlaceResolver resolver;
  private final String pcodeProperty;
  private final Integer level;
  private final int maxFeatures;
  private final ObjectMapper json;
  final InputErrors errors = new InputErrors();
  final List<Matched> matched = new ArrayList<>();
  final List<GeographyImportReport.Normalisation> normalisations = new ArrayList<>();
  final List<String> propertiesUsed = new ArrayList<>();
  private final Map<Long, Long> featureByUnit = new HashMap<>();

  BoundaryImport(
      SnapshotPlaceResolver resolver,
      String pcodeProperty,
      Integer level,
      int maxFeatures,
      ObjectMapper json) {
    this.resolver = resolver;
    this.pcodeProperty = pcodeProperty == null || pcodeProperty.isBlank() ? null : pcodeProperty;
    this.level = level;
    this.maxFeatures = maxFeatures;
    this.json = json;
  }

  void read(Path file) {
    JsonFactory factory = json.getFactory();
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = factory.createParser(in)) {
      parser.setCodec(json);
      if (parser.nextToken() != JsonToken.START_OBJECT)
        throw notGeoJson("it does not start with {");
      long feature = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("features") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            if (++feature > maxFeatures) {
              throw new OpenDtmException(
                  PlatformErrorCode.FILE_TOO_LARGE,
                  "The file has more than "
                      + maxFeatures
                      + " features; split it by level or region");
            }
            feature(feature, parser.readValueAsTree());
          }
        } else if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          String type = parser.getText();
          if (!type.equals("FeatureCollection"))
            throw notGeoJson("its type is " + type + ", not FeatureCollection");
        } else {
          parser.skipChildren();
        }
      }
      if (feature == 0)
        errors.add(new InputError(null, "features", null, "no features in the file"));
    } catch (IOException e) {
      throw new OpenDtmException(
          PlatformErrorCode.UNREADABLE_FILE, "The GeoJSON could not be read: " + e.getMessage());
    }
  }

  private static OpenDtmException notGeoJson(String why) {
    return new OpenDtmException(
        PlatformErrorCode.UNREADABLE_FILE, "The file is not a GeoJSON FeatureCollection: " + why);
  }

  private void feature(long number, JsonNode feature) {
    JsonNode properties = feature.path("properties");
    String property = propertyName(properties);
    if (property == null) {
      errors.add(
          number,
          pcodeProperty == null ? "properties" : pcodeProperty,
          null,
          "no P-code property ("
              + (pcodeProperty == null ? "tried " + String.join(", ", candidates()) : pcodeProperty)
              + ")");
      return;
    }
    if (!propertiesUsed.contains(property)) propertiesUsed.add(property);
    String written = properties.get(property).asText("").strip();
    var match = resolver.unit(written);
    if (match.isEmpty()) {
      errors.add(number, property, written, "unknown P-code");
      return;
    }
    PcodeMatch found = match.get();
    if (found.unit().validTo() != null) {
      errors.add(number, property, written, "the unit was retired on " + found.unit().validTo());
      return;
    }
    if (level != null && found.unit().level() != level) {
      errors.add(
          number, property, written, "a unit of level " + found.unit().level() + ", not " + level);
      return;
    }
    Long earlier = featureByUnit.putIfAbsent(found.unit().id(), number);
    if (earlier != null) {
      errors.add(number, property, written, "feature " + earlier + " has this unit already");
      return;
    }
    if (!found.exact())
      normalisations.add(
          new GeographyImportReport.Normalisation(
              number, property, written, found.unit().pcode(), found.rule()));
    Geometry geometry;
    try {
      JsonNode node = feature.get("geometry");
      if (node == null || node.isNull()) {
        errors.add(number, "geometry", written, "no geometry");
        return;
      }
      geometry = new GeoJsonReader(BoundaryIndex.WGS84).read(json.writeValueAsString(node));
    } catch (ParseException | IOException | RuntimeException e) {
      errors.add(number, "geometry", written, "unreadable geometry: " + e.getMessage());
      return;
    }
    if (!(geometry instanceof Polygon || geometry instanceof MultiPolygon)) {
      errors.add(number, "geometry", written, geometry.getGeometryType() + " is not a polygon");
      return;
    }
    if (!geometry.isValid()) geometry = GeometryFixer.fix(geometry);
    if (geometry.isEmpty()) {
      errors.add(number, "geometry", written, "the polygon is empty");
      return;
    }
    geometry.setSRID(4326);
    matched.add(new Matched(number, found.unit(), new WKBWriter(2).write(geometry)));
  }

  private String propertyName(JsonNode properties) {
    if (!properties.isObject()) return null;
    List<String> wanted = pcodeProperty != null ? List.of(pcodeProperty) : candidates();
    for (String candidate : wanted) {
      for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (name.equalsIgnoreCase(candidate) && !properties.get(name).asText("").isBlank())
          return name;
      }
    }
    return null;
  }

  private List<String> candidates() {
    List<String> names = new ArrayList<>(List.of("pcode"));
    List<Integer> levels = level != null ? List.of(level) : Arrays.asList(5, 4, 3, 2, 1, 0);
    for (int l : levels) names.add("ADM" + l + "_PCODE");
    for (int l : levels) names.add("admin" + l + "Pcode");
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT).equals(n) ? n : n).toList();
  }

  static boolean same(byte[] a, byte[] b) {
    return a != null && Arrays.equals(a, b);
  }
}
