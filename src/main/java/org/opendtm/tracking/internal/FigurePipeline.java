package org.opendtm.tracking.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Stores an import's assessments and figures in {@code tracking.assessment} and {@code
 * tracking.population_figure} while its file is read (docs/perf.md section 15): the reader fills a
 * chunk of rows — the places seen for the first time, as their first row gives them, and the
 * figures — and hands it to a writer thread, which holds the import's connection (and so its
 * transaction) while the file is read and stores each chunk with one COPY of its new assessments
 * (ids reserved from their sequence) and one COPY of its figures. PostgreSQL stores chunk n while
 * the JVM parses chunk n+1.
 *
 * <p>Each COPY is a statement of its own, so the statement-level integrity triggers see every
 * figure's assessment already stored (it was in this chunk's assessment COPY or an earlier one).
 * Before a chunk's assessments of a type not seen before are stored, the round's assessments of
 * that type from earlier imports are deleted (the replace step, type by type). Figures that a rule
 * could flag also go into the import's staging table ({@code import_staging}, a few rows), which
 * validation reads ({@link StagedFigures}).
 *
 * <p>Memory: at most four chunks (one being filled, two waiting, one being stored). The reader
 * stops sending at the first bad row (the import is refused and its transaction rolled back).
 * {@link #finish} or {@link #abort} must be called in every case: both wait until the writer has
 * stopped, so the connection is idle again (no COPY open) before the caller's next statement or its
 * rollback.
 */
final class FigurePipeline implements FigureSink {

  /** Figures per chunk: a chunk's two COPYs pay the integrity triggers once. */
  static final int CHUNK_FIGURES = 8192;

  private static final String FIGURE_COPY =
      """
      copy tracking.population_figure
        (assessment_id, round_id, population_group, reason, origin_admin_unit_id,
         arrival_period, shelter, households, individuals, males, females, sex_age)
      from stdin""";

  private static final String REPLACE =
      """
      delete from tracking.assessment
       where round_id = ? and assessment_type = ? and import_id is not null and import_id <> ?
      """;

  private static final String RESERVE =
      "select nextval('tracking.assessment_id_seq') from generate_series(1, ?)";

  /** What the writer stored; read only after it stopped. */
  record Written(
      Long[] ids,
      long assessments,
      long figures,
      long suspects,
      int replaced,
      int chunks,
      long assessmentMillis,
      long figureMillis,
      long otherMillis,
      long readerWaitMillis) {

    /** Where the time went, for the import's log line. */
    String timing() {
      return chunks
          + " chunks; writer: assessments "
          + assessmentMillis
          + " ms, figures "
          + figureMillis
          + " ms, other "
          + otherMillis
          + " ms; reader waited "
          + readerWaitMillis
          + " ms";
    }
  }

  private static final class Chunk {
    final List<ImportPlaces.Assessment> places = new ArrayList<>();
    final List<StagingTable.Row> figures = new ArrayList<>();
    final List<StagingTable.Row> suspects = new ArrayList<>();
    boolean last;
  }

  private final Connection connection;
  private final CopyManager copy;
  private final long roundId;
  private final long importId;
  private final int chunkFigures;
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(2);
  private final Thread writer;
  private volatile Throwable failure;
  private volatile boolean aborted;
  private Chunk chunk = new Chunk();
  private boolean ended;

  // the writer thread's; read by the caller after joining it
  private long[] ids = new long[4096];
  private int places;
  private final Set<String> types = new HashSet<>();
  private long assessments;
  private long figures;
  private long suspects;
  private int replaced;
  private int chunks;
  private long assessmentNanos;
  private long figureNanos;
  private long otherNanos;
  private long readerWaitNanos; // the reader's

  FigurePipeline(Connection connection, long roundId, long importId, int chunkFigures)
      throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    this.roundId = roundId;
    this.importId = importId;
    this.chunkFigures = chunkFigures;
    this.writer = new Thread(this::run, "import-writer");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public boolean writesWhileReading() {
    return true;
  }

  @Override
  public void newPlace(ImportPlaces.Place place) {
    chunk.places.add(place.snapshot());
  }

  @Override
  public void add(StagingTable.Row figure, boolean suspect) {
    chunk.figures.add(figure);
    if (suspect) chunk.suspects.add(figure);
    if (chunk.figures.size() >= chunkFigures) hand(false);
  }

  /** Stores the last chunk and waits for the writer; throws what made it fail, if anything did. */
  Written finish() {
    if (!ended) hand(true);
    ended = true;
    join();
    Throwable failed = failure;
    if (failed instanceof RuntimeException e) throw e;
    if (failed instanceof Error e) throw e;
    Long[] byPlace = new Long[places];
    for (int i = 0; i < places; i++) byPlace[i] = ids[i];
    return new Written(
        byPlace,
        assessments,
        figures,
        suspects,
        replaced,
        chunks,
        TimeUnit.NANOSECONDS.toMillis(assessmentNanos),
        TimeUnit.NANOSECONDS.toMillis(figureNanos),
        TimeUnit.NANOSECONDS.toMillis(otherNanos),
        TimeUnit.NANOSECONDS.toMillis(readerWaitNanos));
  }

  /**
   * Stops storing (what is still waiting is dropped) and waits for the writer; the caller rolls the
   * transaction back or undoes what was stored. Does nothing after {@link #finish}.
   */
  void abort() {
    aborted = true;
    if (!ended) {
      chunk = new Chunk();
      hand(true);
      ended = true;
    }
    join();
  }

  private void hand(boolean last) {
    Chunk full = chunk;
    full.last = last;
    chunk = new Chunk();
    // after a failure only the last (empty or dropped) chunk still goes, to stop the writer
    if (!last && (failure != null || aborted)) return;
    boolean interrupted = false;
    long start = System.nanoTime();
    while (true) {
      try {
        queue.put(full);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    readerWaitNanos += System.nanoTime() - start;
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Waits for the writer, uninterruptibly: the connection must be idle when this returns. */
  private void join() {
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void run() {
    while (true) {
      Chunk next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        // nobody interrupts this thread; keep waiting for the last chunk
        continue;
      }
      if (failure == null && !aborted) {
        try {
          store(next);
        } catch (Throwable e) {
          failure = e;
        }
      }
      if (next.last) return;
    }
  }

  private void store(Chunk chunk) throws SQLException {
    if (chunk.places.isEmpty() && chunk.figures.isEmpty()) return;
    chunks++;
    long start = System.nanoTime();
    if (!chunk.places.isEmpty()) {
      for (ImportPlaces.Assessment a : chunk.places) {
        if (types.add(a.type())) replace(a.type());
      }
      reserve(chunk.places);
      long copyStart = System.nanoTime();
      otherNanos += copyStart - start;
      start = copyStart;
      CopyWriter rows = new CopyWriter(copy, ImportPlaces.COPY);
      try {
        for (ImportPlaces.Assessment a : chunk.places) {
          a.write(rows, ids[a.index()], roundId, importId);
        }
        assessments += rows.finish();
      } catch (RuntimeException e) {
        rows.abort();
        throw e;
      }
      long end = System.nanoTime();
      assessmentNanos += end - start;
      start = end;
    }
    if (!chunk.figures.isEmpty()) {
      CopyWriter rows = new CopyWriter(copy, FIGURE_COPY);
      try {
        for (StagingTable.Row f : chunk.figures) {
          rows.number(ids[f.placeIndex]);
          rows.number(roundId);
          rows.text(f.group);
          rows.text(f.reason);
          rows.number(f.originId);
          rows.text(f.arrival);
          rows.text(f.shelter);
          rows.number(f.households);
          rows.number(f.individuals);
          rows.number(f.males);
          rows.number(f.females);
          rows.intArray(f.sexAge);
          rows.endRow();
        }
        figures += rows.finish();
      } catch (RuntimeException e) {
        rows.abort();
        throw e;
      }
      long end = System.nanoTime();
      figureNanos += end - start;
      start = end;
    }
    if (!chunk.suspects.isEmpty()) {
      StagingTable staging = StagingTable.open(connection);
      try {
        for (StagingTable.Row f : chunk.suspects) staging.add(f, true);
        staging.finish();
        suspects += chunk.suspects.size();
      } catch (RuntimeException e) {
        staging.abort();
        throw e;
      }
      otherNanos += System.nanoTime() - start;
    }
  }

  /** The replace step for one type: the round's assessments of earlier imports go. */
  private void replace(String type) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(REPLACE)) {
      delete.setLong(1, roundId);
      delete.setString(2, type);
      delete.setLong(3, importId);
      replaced += delete.executeUpdate();
    }
  }

  /** Ids for the chunk's new places, from the sequence every writer of assessments uses. */
  private void reserve(List<ImportPlaces.Assessment> chunkPlaces) throws SQLException {
    int last = chunkPlaces.get(chunkPlaces.size() - 1).index();
    if (last >= ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, last + 1));
    places = Math.max(places, last + 1);
    try (PreparedStatement select = connection.prepareStatement(RESERVE)) {
      select.setInt(1, chunkPlaces.size());
      try (ResultSet rs = select.executeQuery()) {
        int i = 0;
        while (rs.next()) ids[chunkPlaces.get(i++).index()] = rs.getLong(1);
        if (i != chunkPlaces.size()) throw new IllegalStateException("ids not reserved");
      }
    }
  }
}
