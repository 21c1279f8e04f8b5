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
 * the JVM parses chunk n+1. The reader encodes a chunk's rows in PostgreSQL's binary COPY format
 * ({@link BinaryRows}) without their ids, which the writer puts in front as it sends them.
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
      from stdin with (format binary)""";

  private static final int FIGURE_COLUMNS = 12;

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

  /**
   * A chunk of the file as the reader encoded it: its new places as assessments and its figures,
   * each row without its (assessment) id, with the index of its place; the types first seen in it;
   * its suspect figures as objects (few).
   */
  private static final class Chunk {
    final BinaryRows places = new BinaryRows(ImportPlaces.COLUMNS);
    int[] placeIndex = new int[256];
    final BinaryRows figures = new BinaryRows(FIGURE_COLUMNS);
    int[] figurePlace = new int[256];
    final List<String> newTypes = new ArrayList<>(1);
    final List<StagingTable.Row> suspects = new ArrayList<>();
    boolean last;

    boolean isEmpty() {
      return places.rows() == 0 && figures.rows() == 0;
    }
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
  // the reader's
  private Chunk chunk = new Chunk();
  private final Set<String> typesSent = new HashSet<>();
  private boolean ended;

  // the writer thread's; read by the caller after joining it
  /** Place i's id at ids[i / ID_PAGE][i % ID_PAGE]: pages, not one humongous array. */
  private static final int ID_PAGE = 16_384;

  private long[][] ids = new long[16][];
  private int places;
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
    if (typesSent.add(place.type)) chunk.newTypes.add(place.type);
    int row = chunk.places.rows();
    if (row == chunk.placeIndex.length) {
      chunk.placeIndex = Arrays.copyOf(chunk.placeIndex, row * 2);
    }
    chunk.placeIndex[row] = place.index;
    place.write(chunk.places, roundId, importId);
  }

  @Override
  public void add(StagingTable.Row f, boolean suspect) {
    int row = chunk.figures.rows();
    if (row == chunk.figurePlace.length) {
      chunk.figurePlace = Arrays.copyOf(chunk.figurePlace, row * 2);
    }
    chunk.figurePlace[row] = f.placeIndex;
    BinaryRows rows = chunk.figures;
    rows.int8(roundId);
    rows.text(f.group);
    rows.text(f.reason);
    rows.int8(f.originId);
    rows.text(f.arrival);
    rows.text(f.shelter);
    rows.int4(f.households);
    rows.int4(f.individuals);
    rows.int4(f.males);
    rows.int4(f.females);
    rows.int4Array(f.sexAge);
    rows.endRow();
    if (suspect) chunk.suspects.add(f);
    if (rows.rows() >= chunkFigures) hand(false);
  }

  /** Stores the last chunk and waits for the writer; throws what made it fail, if anything did. */
  Written finish() {
    if (!ended) hand(true);
    ended = true;
    join();
    throwIfFailed();
    Long[] byPlace = new Long[places];
    for (int i = 0; i < places; i++) byPlace[i] = id(i);
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

  /** After {@link #finish} or {@link #abort}: throws what made the writer fail, if anything. */
  void throwIfFailed() {
    Throwable failed = failure;
    if (failed instanceof RuntimeException e) throw e;
    if (failed instanceof Error e) throw e;
    if (failed != null) {
      throw new IllegalStateException("Storing the import failed: " + failed.getMessage(), failed);
    }
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
    if (chunk.isEmpty()) return;
    chunks++;
    long start = System.nanoTime();
    for (String type : chunk.newTypes) replace(type);
    int newPlaces = chunk.places.rows();
    if (newPlaces > 0) {
      reserve(chunk.placeIndex, newPlaces);
      long copyStart = System.nanoTime();
      otherNanos += copyStart - start;
      start = copyStart;
      assessments += chunk.places.copy(copy, ImportPlaces.BINARY_COPY, this::id, chunk.placeIndex);
      long end = System.nanoTime();
      assessmentNanos += end - start;
      start = end;
    }
    if (chunk.figures.rows() > 0) {
      figures += chunk.figures.copy(copy, FIGURE_COPY, this::id, chunk.figurePlace);
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
  private void reserve(int[] index, int count) throws SQLException {
    int last = index[count - 1]; // places are announced in index order
    int pages = last / ID_PAGE + 1;
    if (pages > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, pages));
    for (int p = 0; p < pages; p++) if (ids[p] == null) ids[p] = new long[ID_PAGE];
    places = Math.max(places, last + 1);
    try (PreparedStatement select = connection.prepareStatement(RESERVE)) {
      select.setInt(1, count);
      try (ResultSet rs = select.executeQuery()) {
        int i = 0;
        while (rs.next() && i < count) {
          int place = index[i++];
          ids[place / ID_PAGE][place % ID_PAGE] = rs.getLong(1);
        }
        if (i != count) throw new IllegalStateException("ids not reserved");
      }
    }
  }

  private long id(int place) {
    return ids[place / ID_PAGE][place % ID_PAGE];
  }
}
