package org.opendtm.platform.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats OpenDTM reads, detected from content rather than trusted from names. */
public enum TabularFormat {
  CSV,
  XLSX,
  JSON,
  GEOJSON;

  public static Optional<TabularFormat> parse(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String upper = text.strip().toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "CSV", "HXL", "TEXT/CSV" -> Optional.of(CSV);
      case "XLSX", "EXCEL" -> Optional.of(XLSX);
      case "JSON", "DTM", "DTM-API" -> Optional.of(JSON);
      case "GEOJSON" -> Optional.of(GEOJSON);
      default -> Optional.empty();
    };
  }

  /**
   * Looks at the first bytes: a ZIP header is XLSX, JSON that mentions a FeatureCollection or
   * geometry near its start is GeoJSON, other JSON is JSON, anything else is read as CSV.
   */
  public static TabularFormat detect(Path file) throws IOException {
    byte[] head = new byte[4096];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    }
    if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return XLSX;
    int start = 0;
    if (read >= 3
        && (head[0] & 0xff) == 0xEF
        && (head[1] & 0xff) == 0xBB
        && (head[2] & 0xff) == 0xBF) start = 3;
    while (start < read && Character.isWhitespace(head[start])) start++;
    if (start < read && (head[start] == '{' || head[start] == '[')) {
      String text = new String(head, start, read - start, StandardCharsets.UTF_8);
      if (text.contains("\"FeatureCollection\"")
          || text.contains("\"Feature\"")
          || text.contains("\"geometry\"")) return GEOJSON;
      return JSON;
    }
    return CSV;
  }
}
