package org.opendtm.geography.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.opendtm.geography.GeographyErrorCode;
import org.opendtm.geography.GeographyImportReport;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.Operation;
import org.opendtm.platform.InputError;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.database.TransactionWriter;
import org.opendtm.platform.tabular.HxlTag;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports geography files: P-code lists, GeoJSON boundaries, location master lists and crosswalks.
 * Each import reads and checks the whole file first, then writes in one transaction; a file with
 * any bad row stores nothing.
 */
@Service
public class GeographyImports {

  /** What a geography file holds. */
  public enum Kind {
    PCODES,
    BOUNDARIES,
    LOCATIONS
  }

  private final AdminUnits units;
  private final AdminUnitWriter unitWriter;
  private final LocationWriter locationWriter;
  private final Locations locations;
  private final DataSource dataSource;
  private final PlaceResolvers resolvers;
  private final GeographyProperties properties;
  private final ObjectMapper json;

  GeographyImports(
      AdminUnits units,
      AdminUnitWriter unitWriter,
      LocationWriter locationWriter,
      Locations locations,
      DataSource dataSource,
      PlaceResolvers resolvers,
      GeographyProperties properties,
      ObjectMapper json) {
    this.units = units;
    this.unitWriter = unitWriter;
    this.locationWriter = locationWriter;
    this.locations = locations;
    this.dataSource = dataSource;
    this.resolvers = resolvers;
    this.properties = properties;
    this.json = json;
  }

  /**
   * Imports a geography file of the operation.
   *
   * @param formatText format override (csv, xlsx, geojson); detected from content when null
   * @param kindText PCODES, BOUNDARIES or LOCATIONS; detected when null
   */
  @Transactional
  public GeographyImportReport importFile(
      Operation operation,
      Path file,
      String formatText,
      String kindText,
      LocalDate validFrom,
      String pcodeProperty,
      Integer level) {
    TabularFormat format = format(file, formatText);
    Kind kind = kindText == null || kindText.isBlank() ? null : kind(kindText);
    if (format == TabularFormat.JSON) format = TabularFormat.GEOJSON;
    if (format == TabularFormat.GEOJSON) {
      if (kind != null && kind != Kind.BOUNDARIES)
        throw badRequest("kind", kindText, "a GeoJSON file holds boundaries");
      return boundaries(operation, file, pcodeProperty, level);
    }
    if (kind == Kind.BOUNDARIES) throw badRequest("kind", kindText, "boundaries come as GeoJSON");
    return table(operation, file, format, kind, validFrom);
  }

  private GeographyImportReport table(
      Operation operation, Path file, TabularFormat format, Kind requested, LocalDate validFrom) {
    Object[] chosen = new Object[1];
    LocationChunks chunks = new LocationChunks(operation);
    HxlTable table =
        new HxlTable(
            header ->
                PcodeListImport.headerTag(header)
                    .or(
                        () ->
                            switch (header.strip().toLowerCase(Locale.ROOT)) {
                              case "loc_code", "location_code" -> HxlTag.parse("#loc+code");
                              default -> java.util.Optional.empty();
                            }),
            columns -> {
              boolean hasLocationCode =
                  columns.stream()
                      .anyMatch(
                          c ->
                              c.tag() != null
                                  && c.tag().name().equals("loc")
                                  && c.tag().hasAny("code", "pcode"));
              Kind kind =
                  requested != null ? requested : hasLocationCode ? Kind.LOCATIONS : Kind.PCODES;
              HxlTable.TableImport target =
                  kind == Kind.LOCATIONS
                      ? new LocationListImport(
                          columns, resolvers.snapshot(operation, false), chunks::write)
                      : new PcodeListImport(columns);
              chosen[0] = target;
              return target;
            });
    try {
      TabularReader.read(file, format, table);
      table.finish();
      if (chosen[0] instanceof LocationListImport list) return locations(format, list, chunks);
    } finally {
      chunks.abort(); // after a failure: the writer must be idle before the rollback
    }
    return pcodes(operation, format, (PcodeListImport) chosen[0], validFrom);
  }

  private GeographyImportReport pcodes(
      Operation operation, TabularFormat format, PcodeListImport list, LocalDate validFrom) {
    list.finish();
    list.errors.throwIfAny("The P-code list");
    if (list.units().isEmpty()) {
      throw new OpenDtmException(
          GeographyErrorCode.INVALID_GEOGRAPHY_FILE,
          "The P-code list has no rows",
          List.of(InputError.field("file", "no data rows")));
    }
    LocalDate from = validFrom != null ? validFrom : list.fileDate();
    var result = unitWriter.applyVersion(operation.id(), list.units(), list.levels(), from);
    return new GeographyImportReport(
        Kind.PCODES.name(),
        format.name(),
        result.validFrom(),
        result.created(),
        result.updated(),
        result.retired(),
        result.unchanged(),
        list.recognised(),
        list.ignored(),
        List.of(),
        List.of());
  }

  /**
   * Writes a location list chunk by chunk as it is read (see {@link LocationListImport.ChunkSink}),
   * keeping only the counts and the boundary mismatches: memory does not grow with the file. The
   * reading thread validates each chunk and checks its points against the boundaries; a {@link
   * TransactionWriter} stores it while the next chunk is read (docs/perf.md section 17).
   */
  private final class LocationChunks {
    private final Operation operation;
    private LocationWriter.Batch batch;
    private SnapshotPlaceResolver units;
    private TransactionWriter writer;
    private final Map<Long, String> pcodes = new HashMap<>();
    final List<GeographyImportReport.BoundaryMismatch> mismatches = new ArrayList<>();
    // added up by the writer's thread; read after finish()
    int created, updated, unchanged;

    LocationChunks(Operation operation) {
      this.operation = operation;
    }

    void write(List<NewLocation> chunk, List<Long> rows) {
      if (batch == null) {
        batch = locationWriter.batch(operation.id());
        units = resolvers.snapshot(operation, false);
        // the last statement of this thread until finish(): from here on the writer's
        writer = new TransactionWriter(dataSource, "location-writer", 2);
      }
      List<Locations.BoundaryCheck> checks = batch.check(chunk);
      long operationId = operation.id();
      writer.submit(
          connection -> {
            var counts = locations.upsertCounting(connection, operationId, chunk, checks);
            created += counts.created();
            updated += counts.updated();
            unchanged += counts.unchanged();
          });
      for (int i = 0; i < chunk.size(); i++) {
        var check = checks.get(i);
        if (check.boundaryUnitId() == null && !check.outside()) continue;
        NewLocation location = chunk.get(i);
        mismatches.add(
            new GeographyImportReport.BoundaryMismatch(
                rows.get(i),
                location.code(),
                pcode(units, location.adminUnitId(), pcodes),
                check.boundaryUnitId() == null
                    ? null
                    : pcode(units, check.boundaryUnitId(), pcodes),
                check.outside()));
      }
    }

    /** Waits until every chunk is stored; throws what made the writer fail, if anything. */
    void finish() {
      if (writer != null) writer.finish();
    }

    void abort() {
      if (writer != null) writer.abort();
    }
  }

  private GeographyImportReport locations(
      TabularFormat format, LocationListImport list, LocationChunks chunks) {
    list.finish();
    try {
      chunks.finish();
    } catch (RuntimeException e) {
      list.errors.throwIfAny("The location list"); // the file's errors say more
      throw e;
    }
    // rows already written are rolled back with the transaction
    list.errors.throwIfAny("The location list");
    return new GeographyImportReport(
        Kind.LOCATIONS.name(),
        format.name(),
        null,
        chunks.created,
        chunks.updated,
        0,
        chunks.unchanged,
        list.recognised(),
        list.ignored(),
        list.normalisations,
        chunks.mismatches);
  }

  private static String pcode(
      SnapshotPlaceResolver resolver, long unitId, Map<Long, String> cache) {
    return cache.computeIfAbsent(
        unitId, id -> resolver.unitById(id).map(u -> u.pcode()).orElse(String.valueOf(id)));
  }

  private GeographyImportReport boundaries(
      Operation operation, Path file, String pcodeProperty, Integer level) {
    try {
      if (Files.size(file) > properties.maxBoundaryFileBytes()) {
        throw new OpenDtmException(
            PlatformErrorCode.FILE_TOO_LARGE,
            "Boundary files are limited to " + properties.maxBoundaryFileBytes() + " bytes");
      }
    } catch (IOException e) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The upload could not be read");
    }
    if (level != null && (level < 0 || level > 5))
      throw badRequest("level", level.toString(), "levels go from 0 to 5");
    SnapshotPlaceResolver resolver = resolvers.snapshot(operation, false);
    BoundaryImport boundaries =
        new BoundaryImport(resolver, pcodeProperty, level, properties.maxBoundaryFeatures(), json);
    boundaries.read(file);
    boundaries.errors.throwIfAny("The boundary file");
    Map<Long, byte[]> stored = new HashMap<>();
    for (var boundary : units.listCurrentBoundaries(operation.id(), level))
      stored.put(boundary.unitId(), boundary.wkb());
    List<AdminUnits.StoredBoundary> changed = new ArrayList<>();
    int created = 0, updated = 0, unchanged = 0;
    for (var matched : boundaries.matched) {
      byte[] known = stored.get(matched.unit().id());
      if (BoundaryImport.same(known, matched.wkb())) {
        unchanged++;
        continue;
      }
      if (known == null) created++;
      else updated++;
      changed.add(new AdminUnits.StoredBoundary(matched.unit().id(), matched.wkb()));
    }
    units.setBoundaries(changed);
    if (!changed.isEmpty()) units.bumpRevision(operation.id());
    return new GeographyImportReport(
        Kind.BOUNDARIES.name(),
        TabularFormat.GEOJSON.name(),
        null,
        created,
        updated,
        0,
        unchanged,
        boundaries.propertiesUsed,
        List.of(),
        boundaries.normalisations,
        List.of());
  }

  /** Imports a crosswalk between versions; replaces the edges leaving the old units it names. */
  @Transactional
  public GeographyImportReport importCrosswalk(Operation operation, Path file, String formatText) {
    TabularFormat format = format(file, formatText);
    if (format != TabularFormat.CSV && format != TabularFormat.XLSX)
      throw badRequest("format", format.name(), "a crosswalk is a CSV or XLSX table");
    List<org.opendtm.geography.AdminUnit> all = units.listAll(operation.id());
    CrosswalkImport[] chosen = new CrosswalkImport[1];
    HxlTable table =
        new HxlTable(
            CrosswalkImport::headerTag, columns -> chosen[0] = new CrosswalkImport(columns, all));
    TabularReader.read(file, format, table);
    table.finish();
    CrosswalkImport crosswalk = chosen[0];
    crosswalk.finish();
    crosswalk.errors.throwIfAny(GeographyErrorCode.INVALID_CROSSWALK, "The crosswalk");
    var edges = crosswalk.edges();
    units.replaceCrosswalk(crosswalk.fromUnitIds(), edges);
    units.bumpRevision(operation.id());
    return new GeographyImportReport(
        "CROSSWALK",
        format.name(),
        null,
        edges.size(),
        0,
        0,
        0,
        crosswalk.recognised(),
        crosswalk.ignored(),
        List.of(),
        List.of());
  }

  private static TabularFormat format(Path file, String formatText) {
    if (formatText != null && !formatText.isBlank()) {
      return TabularFormat.parse(formatText)
          .orElseThrow(() -> badRequest("format", formatText, "use csv, xlsx or geojson"));
    }
    try {
      return TabularFormat.detect(file);
    } catch (IOException e) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The upload could not be read");
    }
  }

  private static Kind kind(String text) {
    try {
      return Kind.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw badRequest("kind", text, "use PCODES, BOUNDARIES or LOCATIONS");
    }
  }

  private static OpenDtmException badRequest(String field, String value, String reason) {
    return new OpenDtmException(
        PlatformErrorCode.BAD_REQUEST,
        "Parameter " + field + " is not usable: " + reason,
        List.of(new InputError(null, field, value, reason)));
  }
}
