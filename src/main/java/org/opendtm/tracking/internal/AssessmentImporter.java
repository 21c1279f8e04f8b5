package org.opendtm.tracking.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.opendtm.geography.AdminUnit;
import org.opendtm.geography.GeographyManagement;
import org.opendtm.geography.Location;
import org.opendtm.geography.NewAdminUnit;
import org.opendtm.geography.NewLocation;
import org.opendtm.geography.Operation;
import org.opendtm.geography.PlaceResolver;
import org.opendtm.platform.OpenDtmException;
import org.opendtm.platform.PhaseTimer;
import org.opendtm.platform.PlatformErrorCode;
import org.opendtm.platform.tabular.TabularFormat;
import org.opendtm.platform.tabular.TabularReader;
import org.opendtm.tracking.AssessmentType;
import org.opendtm.tracking.ImportOptions;
import org.opendtm.tracking.ImportReport;
import org.opendtm.tracking.ImportReport.CreatedPlace;
import org.opendtm.tracking.Round;
import org.opendtm.tracking.TrackingErrorCode;
import org.opendtm.tracking.internal.AssessmentFileReader.PendingLocation;
import org.opendtm.tracking.internal.AssessmentFileReader.PendingUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Imports one assessment file into a round, inside the caller's transaction, reading and checking
 * rows one at a time and keeping one assessment per place in memory.
 *
 * <p>Usually the assessments and figures are stored while the file is read, chunk by chunk, by a
 * writer thread holding the transaction's connection ({@link FigurePipeline}, docs/perf.md section
 * 15); a bad row stops the writing and the transaction rolls back.
 *
 * <p>Otherwise — the import creates places, or the file is DTM API records — the figures are
 * streamed into a staging table (COPY); then, only if no row had an error, the places the file
 * introduced are created, the round's earlier file assessments of the same types replaced, the
 * assessments written with one COPY (ids reserved from their sequence) and the staged figures moved
 * with one INSERT … SELECT that finds each figure's assessment id by its place's index
 * (docs/perf.md section 10).
 */
@Component
public class AssessmentImporter {

  private static final Logger log = LoggerFactory.getLogger(AssessmentImporter.class);

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final GeographyManagement geography;
  private final ValidationFlags flags;
  private final ObjectMapper json;
  private final PlaceTotals placeTotals;

  /**
   * Whether a file may be stored while it is read ({@link FigurePipeline}); off, every file goes
   * through the staging table ({@code opendtm.import.write-while-reading}, for comparisons; the
   * tests that compare both paths set the field).
   */
  boolean writeWhileReading;

  /**
   * Figures per chunk of {@link FigurePipeline} ({@code opendtm.import.chunk-figures}); smaller in
   * tests, to cross chunk boundaries.
   */
  int chunkFigures;

  AssessmentImporter(
      JdbcClient jdbc,
      DataSource dataSource,
      GeographyManagement geography,
      ValidationFlags flags,
      ObjectMapper json,
      PlaceTotals placeTotals,
      @Value("${opendtm.import.write-while-reading:true}") boolean writeWhileReading,
      @Value("${opendtm.import.chunk-figures:" + FigurePipeline.CHUNK_FIGURES + "}")
          int chunkFigures) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.geography = geography;
    this.flags = flags;
    this.json = json;
    this.placeTotals = placeTotals;
    this.writeWhileReading = writeWhileReading;
    this.chunkFigures = Math.max(1, chunkFigures);
  }

  /**
   * An import's report (without the flag counts: validation's job) and, when validation may read
   * the import's figures from its staging table rather than back from the stored rows, what it
   * needs for that (null when the import created places: their ids came after the reading).
   */
  public record Imported(ImportReport report, StagedFigures staged) {}

  /** Must run in a transaction. */
  public Imported importFile(
      Operation operation,
      Round round,
      Path file,
      ImportOptions options,
      Map<String, String> mapping) {
    TabularFormat format;
    try {
      format = options.format() != null ? options.format() : TabularFormat.detect(file);
    } catch (IOException e) {
      throw new OpenDtmException(PlatformErrorCode.UNREADABLE_FILE, "The file could not be read");
    }
    if (format == TabularFormat.GEOJSON) {
      throw new OpenDtmException(
          PlatformErrorCode.UNSUPPORTED_FORMAT,
          "GeoJSON holds boundaries, not assessments: import it as geography");
    }
    PhaseTimer timer = new PhaseTimer();
    PlaceResolver resolver = geography.placeResolver(operation.id());
    timer.lap("geography snapshot");
    Connection connection = DataSourceUtils.getConnection(dataSource);
    // Stored while read unless the import creates every place (no geography yet) or the file is
    // DTM API records (JSON); a file that turns out to create places or to be DTM API records as
    // a table falls back to the staging table (NeedsStaging).
    if (writeWhileReading && format != TabularFormat.JSON && resolver.hasGeography()) {
      Imported imported =
          importWhileReading(
              operation, round, file, format, options, mapping, resolver, connection, timer);
      if (imported != null) return imported;
    }
    StagingTable staging;
    try {
      staging = StagingTable.create(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    AssessmentFileReader reader =
        new AssessmentFileReader(
            operation, round.number(), resolver, options.assessmentType(), mapping, staging);
    try {
      if (format == TabularFormat.JSON) {
        DtmJsonReader.read(file, reader::dtmRecord);
      } else {
        TabularReader.read(file, format, reader::tableRow);
      }
    } catch (AssessmentFileReader.StopReading stop) {
      // the errors say why
    } catch (RuntimeException e) {
      staging.abort(); // the connection must leave COPY before the transaction rolls back
      throw e;
    }
    if (reader.errors.count() > 0) staging.abort();
    else staging.finish();
    if (reader.errors.count() > 0) throw refused(reader);
    timer.lap("read and stage " + reader.rowsRead + " rows");
    if (staging.rows() == 0) {
      throw new OpenDtmException(
          TrackingErrorCode.INVALID_ASSESSMENT_FILE, "The file has no rows of figures");
    }

    List<CreatedPlace> created = new ArrayList<>();
    createUnits(operation, reader, created);
    createLocations(operation, reader, created);
    timer.lap("new places");

    // DTM API records: keep the finest level; the upper levels are derived (and checked below)
    boolean finestOnly = AssessmentFileReader.SHAPE_DTM.equals(reader.shape);
    String[] types =
        reader.types.stream().map(AssessmentType::name).sorted().toArray(String[]::new);
    int replaced =
        jdbc.sql(
                """
                delete from tracking.assessment
                 where round_id = :round and assessment_type = any(:types) and import_id is not null
                """)
            .param("round", round.id())
            .param("types", types)
            .update();
    timer.lap("replace");
    long importId =
        jdbc.sql(
                """
                insert into tracking.assessment_import
                  (operation_id, round_id, file_name, format, shape, rows, created_by, assessment_types)
                values (:op, :round, :file, :format, :shape, :rows, :user, :types)
                returning id
                """)
            .param("op", operation.id())
            .param("round", round.id())
            .param("file", options.fileName())
            .param("format", format.name())
            .param("shape", reader.shape)
            .param("rows", (int) Math.min(Integer.MAX_VALUE, reader.rowsRead))
            .param("user", options.user() == null ? "system" : options.user())
            .param("types", types)
            .query(Long.class)
            .single();

    // ids for the assessments, from their sequence (so every other writer's ids stay distinct),
    // place i getting ids[i]; places of a dropped level get 0, and their figures are not moved
    // (0 rather than null: PostgreSQL finds an element of an array without nulls by its offset,
    // but walks the null bitmap up to it in an array with nulls)
    ImportPlaces places = reader.places;
    int kept = 0;
    for (ImportPlaces.Place p : places.list()) if (places.keeps(p, finestOnly)) kept++;
    List<Long> reserved =
        jdbc.sql(
                """
                select nextval('tracking.assessment_id_seq') from generate_series(1, :n)
                """)
            .param("n", kept)
            .query(Long.class)
            .list();
    Long[] ids = new Long[places.size()];
    int next = 0;
    for (ImportPlaces.Place p : places.list()) {
      ids[p.index] = places.keeps(p, finestOnly) ? reserved.get(next++) : 0L;
    }
    timer.lap("ids");
    long assessments;
    try {
      assessments =
          places.write(
              new CopyWriter(connection.unwrap(PGConnection.class).getCopyAPI(), ImportPlaces.COPY),
              round.id(),
              importId,
              ids);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    timer.lap("assessments");
    // each staged figure takes its assessment's id by its place's index: one pass over the
    // staging table in file order, no join, no sort
    int figures =
        jdbc.sql(
                """
                insert into tracking.population_figure
                  (assessment_id, round_id, population_group, reason, origin_admin_unit_id,
                   arrival_period, shelter, households, individuals, males, females, sex_age)
                select a.ids[s.place_index + 1], :round, s.population_group, s.reason,
                       s.origin_admin_unit_id, s.arrival_period, s.shelter, s.households,
                       s.individuals, s.males, s.females, s.sex_age
                  from import_staging s, (select cast(:ids as bigint[]) as ids) a
                 where a.ids[s.place_index + 1] > 0
                """)
            .param("round", round.id())
            .param("ids", ids)
            .update();

    timer.lap("figures");
    StagedFigures staged = null;
    if (created.isEmpty()) {
      markDuplicates(places, ids);
      staged = new StagedFigures(ids, assessments, true, null, null);
      timer.lap("duplicates");
    }
    importFlags(round, importId, reader, types);
    timer.lap("import flags");
    return imported(
        operation,
        round,
        options,
        format,
        reader,
        timer,
        importId,
        assessments,
        figures,
        replaced,
        created,
        staged);
  }

  /**
   * The file stored while it is read ({@link FigurePipeline}, docs/perf.md section 15); null when
   * it needs the staging table after all (it creates places, or is DTM API records), with what was
   * stored so far undone.
   */
  private Imported importWhileReading(
      Operation operation,
      Round round,
      Path file,
      TabularFormat format,
      ImportOptions options,
      Map<String, String> mapping,
      PlaceResolver resolver,
      Connection connection,
      PhaseTimer timer) {
    long importId =
        jdbc.sql(
                """
                insert into tracking.assessment_import
                  (operation_id, round_id, file_name, format, shape, rows, created_by, assessment_types)
                values (:op, :round, :file, :format, :shape, 0, :user, '{}')
                returning id
                """)
            .param("op", operation.id())
            .param("round", round.id())
            .param("file", options.fileName())
            .param("format", format.name())
            .param("shape", AssessmentFileReader.SHAPE_TABLE)
            .param("user", options.user() == null ? "system" : options.user())
            .query(Long.class)
            .single();
    FigurePipeline pipeline;
    try {
      StagingTable.createTable(connection); // for the figures a rule could flag
      pipeline = new FigurePipeline(connection, round.id(), importId, chunkFigures);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    // what validation compares the round with, read meanwhile (the reader mostly waits)
    PlaceTotals.Loading previous = placeTotals.loading(pipeline, operation.id(), round.number());
    AssessmentFileReader reader =
        new AssessmentFileReader(
            operation, round.number(), resolver, options.assessmentType(), mapping, previous);
    FigurePipeline.Written written = null;
    try {
      try {
        TabularReader.read(file, format, reader::tableRow);
      } catch (AssessmentFileReader.StopReading stop) {
        // the errors say why
      } catch (AssessmentFileReader.NeedsStaging fallBack) {
        pipeline.abort();
        pipeline.throwIfFailed(); // the transaction is aborted: nothing to undo, nothing to redo
        undo(importId);
        timer.lap("stored while read up to row " + reader.rowsRead + ", undone: needs staging");
        return null;
      }
      if (reader.errors.count() > 0) {
        pipeline.abort();
        throw refused(reader);
      }
      written = pipeline.finish();
    } finally {
      if (written == null) pipeline.abort(); // waits for the writer: the connection is idle
    }
    timer.lap("read and store " + reader.rowsRead + " rows (" + written.timing() + ")");
    if (written.figures() == 0) {
      throw new OpenDtmException(
          TrackingErrorCode.INVALID_ASSESSMENT_FILE, "The file has no rows of figures");
    }
    ImportPlaces places = reader.places;
    Long[] ids = written.ids();
    int changed = updateChanged(places, ids);
    String[] types =
        reader.types.stream().map(AssessmentType::name).sorted().toArray(String[]::new);
    jdbc.sql(
            """
            update tracking.assessment_import set rows = :rows, assessment_types = :types
             where id = :id
            """)
        .param("rows", (int) Math.min(Integer.MAX_VALUE, reader.rowsRead))
        .param("types", types)
        .param("id", importId)
        .update();
    timer.lap(changed + " assessments changed by later rows");
    stageDuplicateCandidates(places, ids);
    StagedFigures staged =
        new StagedFigures(
            ids, written.assessments(), false, reader.places.sums(ids), previous.loads());
    timer.lap("duplicates");
    importFlags(round, importId, reader, types);
    timer.lap("import flags");
    return imported(
        operation,
        round,
        options,
        format,
        reader,
        timer,
        importId,
        written.assessments(),
        written.figures(),
        written.replaced(),
        List.of(),
        staged);
  }

  /** Logs an import's phases and builds its report (both paths). */
  private static Imported imported(
      Operation operation,
      Round round,
      ImportOptions options,
      TabularFormat format,
      AssessmentFileReader reader,
      PhaseTimer timer,
      long importId,
      long assessments,
      long figures,
      long replaced,
      List<CreatedPlace> created,
      StagedFigures staged) {
    log.info(
        "Import {} of {} round {}: {} assessments, {} figures; {}",
        options.fileName(),
        operation.code(),
        round.number(),
        assessments,
        figures,
        timer);
    ImportReport report =
        new ImportReport(
            importId,
            options.fileName(),
            format.name(),
            reader.shape,
            reader.rowsRead,
            assessments,
            figures,
            replaced,
            reader.types.stream().sorted().toList(),
            created,
            reader.recognised,
            reader.ignored,
            reader.normalisations(),
            Map.of());
    return new Imported(report, staged);
  }

  private static OpenDtmException refused(AssessmentFileReader reader) {
    long count = reader.errors.count();
    return new OpenDtmException(
        TrackingErrorCode.INVALID_ASSESSMENT_FILE,
        count
            + (count == 1 ? " error" : " errors")
            + " in the file; nothing was imported."
            + (count > ImportErrors.LISTED
                ? " The first " + ImportErrors.LISTED + " are listed."
                : ""),
        reader.errors.listed(),
        count,
        Map.of("rowsRead", reader.rowsRead));
  }

  /**
   * Removes what an import stored while reading before it fell back to the staging table (its
   * figures go with its assessments). The replace step it took stays: the fallback takes it again.
   */
  private void undo(long importId) {
    jdbc.sql("delete from tracking.assessment where import_id = :id")
        .param("id", importId)
        .update();
    jdbc.sql("delete from tracking.assessment_import where id = :id")
        .param("id", importId)
        .update();
  }

  /**
   * Writes what later rows of a place changed in its assessment, stored as its first row gave it (a
   * text the first row left out, more informants, an earlier date): rare in real files, whose rows
   * of a place repeat the same values. Returns how many were updated.
   */
  private int updateChanged(ImportPlaces places, Long[] ids) {
    List<ImportPlaces.Place> changed = new ArrayList<>();
    for (ImportPlaces.Place p : places.list()) if (p.changed) changed.add(p);
    if (changed.isEmpty()) return 0;
    int n = changed.size();
    Long[] id = new Long[n];
    String[] placeName = new String[n];
    String[] pcodeWritten = new String[n];
    String[] pcodeRule = new String[n];
    Integer[] informants = new Integer[n];
    String[] collectedOn = new String[n];
    String[] eventDate = new String[n];
    String[] eventCause = new String[n];
    for (int i = 0; i < n; i++) {
      ImportPlaces.Place p = changed.get(i);
      id[i] = ids[p.index];
      placeName[i] = p.placeName;
      pcodeWritten[i] = p.pcodeWritten;
      pcodeRule[i] = p.pcodeRule;
      informants[i] = p.informants;
      collectedOn[i] = p.collectedOn == null ? null : p.collectedOn.toString();
      eventDate[i] = p.eventDate == null ? null : p.eventDate.toString();
      eventCause[i] = p.eventCause;
    }
    return jdbc.sql(
            """
            update tracking.assessment a
               set place_name = u.place_name, pcode_written = u.pcode_written,
                   pcode_rule = u.pcode_rule, informants = u.informants,
                   collected_on = u.collected_on, event_date = u.event_date,
                   event_cause = u.event_cause
              from unnest(cast(:id as bigint[]), cast(:placeName as text[]),
                          cast(:pcodeWritten as text[]), cast(:pcodeRule as text[]),
                          cast(:informants as int[]), cast(:collectedOn as date[]),
                          cast(:eventDate as date[]), cast(:eventCause as text[]))
                   as u(id, place_name, pcode_written, pcode_rule, informants, collected_on,
                        event_date, event_cause)
             where a.id = u.id
            """)
        .param("id", id)
        .param("placeName", placeName)
        .param("pcodeWritten", pcodeWritten)
        .param("pcodeRule", pcodeRule)
        .param("informants", informants)
        .param("collectedOn", collectedOn)
        .param("eventDate", eventDate)
        .param("eventCause", eventCause)
        .update();
  }

  /**
   * The import stored while reading staged only the figures a rule that looks at one figure could
   * flag. For DUPLICATE_PLACE, validation must also see every member of each duplicated group: the
   * stored figures of every place that may hold one ({@link #duplicateGroups}; usually none) are
   * staged, all marked suspect (a superset: the rules' SQL decides), in place of those of their
   * figures staged while reading.
   */
  private void stageDuplicateCandidates(ImportPlaces places, Long[] ids) {
    Integer[] group = duplicateGroups(places, ids);
    if (group == null) return;
    List<Integer> index = new ArrayList<>();
    List<Long> id = new ArrayList<>();
    for (int i = 0; i < group.length; i++) {
      if (group[i] >= 0) {
        index.add(i);
        id.add(ids[i]);
      }
    }
    Integer[] candidates = index.toArray(Integer[]::new);
    jdbc.sql("delete from import_staging where place_index = any(cast(:places as int[]))")
        .param("places", candidates)
        .update();
    jdbc.sql(
            """
            insert into import_staging
              (place_index, population_group, reason, origin_admin_unit_id, origin_pcode,
               arrival_period, shelter, households, individuals, males, females, sex_age, suspect)
            select c.place_index, f.population_group, f.reason, f.origin_admin_unit_id, null,
                   f.arrival_period, f.shelter, f.households, f.individuals, f.males, f.females,
                   f.sex_age, true
              from unnest(cast(:ids as bigint[]), cast(:places as int[])) as c(id, place_index)
              join tracking.assessment a on a.id = c.id
              join tracking.population_figure f
                on f.round_id = a.round_id and f.assessment_id = a.id
            """)
        .param("ids", id.toArray(Long[]::new))
        .param("places", candidates)
        .update();
  }

  /**
   * Marks the staged figures of every place, group, reason and origin that appears more than once
   * among the stored assessments as suspect, so that validation finds all members of each of
   * DUPLICATE_PLACE's groups among the suspects. That rule groups by the place as written and the
   * assessment type, so two places of the file written the same count as one. Only places that may
   * hold a duplicate are grouped (the reader tells, {@link ImportPlaces#figure}); usually none.
   */
  private void markDuplicates(ImportPlaces places, Long[] ids) {
    Integer[] group = duplicateGroups(places, ids);
    if (group == null) return;
    jdbc.sql(
            """
            update import_staging s set suspect = true
              from (select g.place_group[t.place_index + 1] as place_group, t.population_group,
                           t.reason, t.origin_admin_unit_id
                      from import_staging t, (select cast(:groups as int[]) as place_group) g
                     where g.place_group[t.place_index + 1] >= 0
                     group by 1, 2, 3, 4
                    having count(*) > 1) d,
                   (select cast(:groups as int[]) as place_group) g
             where g.place_group[s.place_index + 1] = d.place_group
               and s.population_group = d.population_group
               and s.reason is not distinct from d.reason
               and s.origin_admin_unit_id is not distinct from d.origin_admin_unit_id
            """)
        .param("groups", group)
        .update();
  }

  /**
   * Place i's group (the first place written the same) where it may hold one of DUPLICATE_PLACE's
   * duplicates, else -1; null when no place may.
   */
  private static Integer[] duplicateGroups(ImportPlaces places, Long[] ids) {
    Integer[] group = new Integer[places.size()];
    java.util.Arrays.fill(group, -1);
    boolean any = false;
    Map<String, Map<String, ImportPlaces.Place>> firstByText = new HashMap<>();
    for (ImportPlaces.Place p : places.list()) {
      if (ids[p.index] <= 0) continue;
      ImportPlaces.Place first =
          firstByText.computeIfAbsent(p.type, t -> new HashMap<>()).putIfAbsent(p.place, p);
      if (first != null) { // two places written the same: one group, whatever their figures
        group[first.index] = first.index;
        group[p.index] = first.index;
        any = true;
      } else if (p.maybeDuplicate) {
        group[p.index] = p.index;
        any = true;
      }
    }
    return any ? group : null;
  }

  /** Stores the final report on the import record. */
  public void saveReport(ImportReport report) {
    try {
      jdbc.sql(
              "update tracking.assessment_import set report = cast(:report as jsonb) where id = :id")
          .param("report", json.writeValueAsString(report))
          .param("id", report.importId())
          .update();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void createUnits(
      Operation operation, AssessmentFileReader reader, List<CreatedPlace> created) {
    if (reader.newUnits.isEmpty()) return;
    List<PendingUnit> pending = new ArrayList<>(reader.newUnits.values());
    pending.sort(Comparator.comparingInt(PendingUnit::level));
    List<AdminUnit> units =
        geography.createProvisionalUnits(
            operation.id(),
            pending.stream()
                .map(u -> new NewAdminUnit(u.level(), u.pcode(), u.name(), u.parentPcode()))
                .toList());
    List<String> codes = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (AdminUnit unit : units) {
      codes.add(unit.pcode().toUpperCase(Locale.ROOT));
      ids.add(unit.id());
      created.add(new CreatedPlace("ADMIN_UNIT", unit.pcode(), unit.name(), unit.level()));
    }
    Map<String, Long> byCode = new HashMap<>();
    for (int i = 0; i < codes.size(); i++) byCode.put(codes.get(i), ids.get(i));
    reader.places.unitsCreated(byCode);
    jdbc.sql(
            """
            update import_staging s set origin_admin_unit_id = m.id
              from unnest(cast(:codes as text[]), cast(:ids as bigint[])) as m(code, id)
             where s.origin_admin_unit_id is null and upper(s.origin_pcode) = m.code
            """)
        .param("codes", codes.toArray(String[]::new))
        .param("ids", ids.toArray(Long[]::new))
        .update();
    // pending locations in new units need the new ids
    reader.newLocations.replaceAll(
        (k, l) ->
            l.unitId() != null
                ? l
                : new PendingLocation(
                    l.code(),
                    l.name(),
                    l.kind(),
                    byCode.get(l.unitPcode().toUpperCase(Locale.ROOT)),
                    l.unitPcode(),
                    l.lat(),
                    l.lon()));
  }

  private void createLocations(
      Operation operation, AssessmentFileReader reader, List<CreatedPlace> created) {
    if (reader.newLocations.isEmpty()) return;
    List<Location> locations =
        geography.upsertLocations(
            operation.id(),
            reader.newLocations.values().stream()
                .map(
                    l ->
                        new NewLocation(l.code(), l.name(), l.kind(), l.unitId(), l.lat(), l.lon()))
                .toList());
    locations.forEach(l -> created.add(new CreatedPlace("LOCATION", l.code(), l.name(), null)));
    reader.places.locationsCreated(locations);
  }

  /**
   * Flags raised by the file itself: UPPER_LEVEL_MISMATCH (admin 0/1 records against the sums of
   * the finest records) and PCODE_NORMALISED for origin P-codes matched only by a rule. Import
   * flags of the replaced types that the new file no longer raises are resolved.
   */
  private void importFlags(
      Round round, long importId, AssessmentFileReader reader, String[] types) {
    flags.startCandidates();
    boolean dtm = AssessmentFileReader.SHAPE_DTM.equals(reader.shape);
    for (UpperLevelCheck.Mismatch m :
        dtm ? reader.upper.mismatches() : List.<UpperLevelCheck.Mismatch>of()) {
      String place = m.pcode() + (m.name() == null ? "" : " " + m.name());
      String qualifier =
          (m.reason() == null ? "" : ", " + m.reason())
              + (m.origin() == null ? "" : ", origin " + m.origin());
      String message =
          String.format(
              Locale.ROOT,
              "%s (admin %d%s): the file gives %,d IDP individuals but its admin %d records sum to"
                  + " %,d",
              place,
              m.level(),
              qualifier,
              m.stated(),
              m.finestLevel(),
              m.derived());
      Map<String, Object> details = new HashMap<>();
      details.put("assessmentType", m.type().name());
      details.put("level", m.level());
      details.put("reason", m.reason());
      details.put("origin", m.origin());
      details.put("stated", m.stated());
      details.put("derived", m.derived());
      String fingerprint =
          String.join(
              "|",
              "UPPER_LEVEL_MISMATCH",
              m.type().name(),
              m.pcode(),
              m.reason() == null ? "-" : m.reason(),
              m.origin() == null ? "-" : m.origin());
      try {
        jdbc.sql(
                """
                insert into flag_candidate
                  (rule_code, severity, source, import_id, place, message, details, fingerprint)
                values ('UPPER_LEVEL_MISMATCH', 'WARNING', 'IMPORT', :import, :place, :message,
                        cast(:details as jsonb), :fingerprint)
                """)
            .param("import", importId)
            .param("place", m.pcode())
            .param("message", message)
            .param("details", json.writeValueAsString(details))
            .param("fingerprint", fingerprint)
            .update();
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    for (var origin : reader.originNormalisations()) {
      String message =
          String.format(
              Locale.ROOT,
              "Origin P-code %s (%,d row%s, first row %d) matched %s only by the rule %s",
              origin.written(),
              origin.count(),
              origin.count() == 1 ? "" : "s",
              origin.rows().get(0),
              origin.matched(),
              origin.rule());
      jdbc.sql(
              """
              insert into flag_candidate
                (rule_code, severity, source, import_id, place, message, details, fingerprint)
              values ('PCODE_NORMALISED', 'WARNING', 'IMPORT', :import, :place, :message,
                      jsonb_build_object('written', cast(:written as text), 'rule', cast(:rule as text),
                        'column', 'origin', 'rows', cast(:rows as text)),
                      :fingerprint)
              """)
          .param("import", importId)
          .param("place", origin.matched())
          .param("message", message)
          .param("written", origin.written())
          .param("rule", origin.rule())
          .param("rows", origin.rows().toString())
          .param(
              "fingerprint",
              String.join(
                  "|", "PCODE_NORMALISED", "ORIGIN", String.join(",", types), origin.written()))
          .update();
    }
    flags.mergeCandidates(round.id(), "IMPORT", types);
  }
}
