package org.opendtm.publication.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.opendtm.geography.OperationChanged;
import org.opendtm.platform.DaemonThreads;
import org.opendtm.publication.internal.disclosure.PublicFiguresProtected;
import org.opendtm.tracking.RoundPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whole public responses (the DTM API's JSON), kept gzipped, keyed by the normalised query.
 *
 * <p>When what partners see changes, and what happens to the answers kept (docs/perf.md §12):
 *
 * <ul>
 *   <li>a round is published: public reads show a revision only once disclosure control has
 *       protected it (docs/disclosure.md), so the figures partners see do not change yet — the
 *       answers are kept, except the few that list operations and countries (given at {@link
 *       #warmWith}), which change at once;
 *   <li>the revision's suppression run is stored ({@link PublicFiguresProtected}, which every
 *       published revision raises once protected): the answers are kept and served while each is
 *       computed again in the background, most recently used first, and replaced;
 *   <li>an operation's settings change (what is public at all): everything is emptied.
 * </ul>
 *
 * Each change acts right after its transaction commits — never before, or a reader could refill the
 * cache with the old data — and an answer being computed across a change is not stored.
 *
 * <p>Why: at 200 concurrent partners on a small server, running the query and writing the JSON (and
 * gzipping it) for every request costs far more than the 50 ms p99 the platform promises; from the
 * cache a request is a lock-free map lookup and a write of ready gzip bytes. Emptying the cache at
 * every publication made partners wait for ~30 s of recomputation (two answers at a time) while the
 * public view had not even changed.
 *
 * <p>Bounded: at most {@code opendtm.public-cache.max-bytes} in total (default 64 MB, least
 * recently used dropped first; 0 turns caching off); a response larger than {@code max-entry-bytes}
 * (default 8 MB) is not cached but streamed as it is computed (see {@link #fill}), so memory never
 * grows with the size of an answer.
 *
 * <p>Kept across restarts ({@code opendtm.public-cache.persist}, default on): each stored answer is
 * also written, on a background thread, to {@code publication.public_response}, from which every
 * change deletes what it makes obsolete in its own transaction (and again after its commit, for an
 * answer computed from the old data and written in between); at start the table is read back before
 * the server takes requests, so a restart does not make partners wait while hundreds of answers are
 * recomputed. Keys are the queries as JSON (unambiguous whatever the values hold).
 */
@Component
public class PublicResponseCache implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(PublicResponseCache.class);

  /** How many key objects have their JSON remembered (the mix of partners' queries is far less). */
  private static final int REMEMBERED_IDS = 4096;

  /**
   * A cached response, kept gzipped only (JSON shrinks about tenfold, so ten times more answers
   * fit): gzip clients — nearly all — get these bytes as they are, others get them inflated on the
   * fly.
   */
  public record Entry(byte[] gzip, int length) {
    long weight() {
      return gzip.length + 64L;
    }

    /** The identity bytes (inflated). */
    public byte[] body() {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * An entry with the key object it answers (null for an answer read back at start, until it is
   * asked for: warming needs it) and when it was last used (a tick of {@link #clock}).
   */
  private static final class Slot {
    final Entry entry;
    volatile Object key;
    volatile long used;

    Slot(Entry entry, Object key, long used) {
      this.entry = entry;
      this.key = key;
      this.used = used;
    }
  }

  private final long maxBytes;
  private final int maxEntryBytes;
  // read without a lock (every cache hit); changed under this object's monitor
  private final ConcurrentHashMap<String, Slot> entries = new ConcurrentHashMap<>(512);
  private final AtomicLong clock = new AtomicLong();
  // the JSON of recently asked keys: a hit neither serialises its key nor takes a lock
  private final ConcurrentHashMap<Object, String> ids = new ConcurrentHashMap<>();
  // ids of the answers a publication changes at once (operation and country lists)
  private volatile Set<String> publicationIds = Set.of();
  // entries answered from the previous protected revision, served until computed again (refresh)
  private final Set<String> stale = new HashSet<>();
  private volatile Warmer warmer;
  private final ExecutorService warming =
      Executors.newSingleThreadExecutor(DaemonThreads.named("public-cache-warm"));
  private final Set<String> tooLarge = new HashSet<>();
  private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight =
      new ConcurrentHashMap<>();
  private final Semaphore fills;
  private final ObjectMapper json;
  private final JdbcClient jdbc; // null: not persisted
  // persist tasks hold it shared while they check the generation and write; clear() holds it
  // exclusively while it empties the table, so no answer of an old generation is written after
  private final ReentrantReadWriteLock storeLock = new ReentrantReadWriteLock();
  private final ExecutorService writer;
  private long bytes;
  // moves on with every emptying or refresh: answers computed before are not stored
  private long generation;
  // moves on with every publication: list answers computed before are not stored
  private long publications;
  // moves on with every emptying or refresh: a background pass of an earlier one stops
  private long passes;
  private int changes; // publications or settings changes under way; guarded by storeLock

  /** In memory only (tests). */
  PublicResponseCache(long maxBytes, int maxEntryBytes, int concurrentFills) {
    this(
        maxBytes,
        maxEntryBytes,
        concurrentFills,
        new ObjectMapper().findAndRegisterModules(),
        null);
  }

  @Autowired
  PublicResponseCache(
      @Value("${opendtm.public-cache.max-bytes:67108864}") long maxBytes,
      @Value("${opendtm.public-cache.max-entry-bytes:8388608}") int maxEntryBytes,
      @Value("${opendtm.public-cache.concurrent-fills:2}") int concurrentFills,
      @Value("${opendtm.public-cache.persist:true}") boolean persist,
      ObjectMapper json,
      JdbcClient jdbc) {
    this(maxBytes, maxEntryBytes, concurrentFills, json, persist && maxBytes > 0 ? jdbc : null);
  }

  private PublicResponseCache(
      long maxBytes, int maxEntryBytes, int concurrentFills, ObjectMapper json, JdbcClient jdbc) {
    this.maxBytes = maxBytes;
    this.maxEntryBytes = maxEntryBytes;
    this.fills = new Semaphore(Math.max(1, concurrentFills), true);
    this.json = json;
    this.jdbc = jdbc;
    this.writer =
        jdbc == null
            ? null
            : Executors.newSingleThreadExecutor(DaemonThreads.named("public-cache-store"));
  }

  /** Reads the stored answers back before the server takes requests. */
  @Override
  public void afterSingletonsInstantiated() {
    if (jdbc == null) return;
    long started = System.nanoTime();
    long[] loaded = {0, 0};
    jdbc.sql("select key, gzip, length from publication.public_response order by created_at desc")
        .query(
            rs -> {
              Entry entry = new Entry(rs.getBytes("gzip"), rs.getInt("length"));
              synchronized (this) {
                if (bytes + entry.weight() > maxBytes) return;
                // newest first, each older than the last and than anything asked for from now on
                Slot slot = new Slot(entry, null, -1 - loaded[0]);
                if (entries.putIfAbsent(rs.getString("key"), slot) == null) {
                  bytes += entry.weight();
                  loaded[0]++;
                  loaded[1] += entry.gzip().length;
                }
              }
            });
    log.info(
        "Public response cache: {} stored answers ({} KB gzip) read in {} ms",
        loaded[0],
        loaded[1] / 1024,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The cached response for the key, or null. Takes no lock. */
  public Entry get(Object key) {
    Slot slot = entries.get(id(key));
    if (slot == null) return null;
    slot.used = clock.incrementAndGet();
    if (slot.key == null) slot.key = key;
    return slot.entry;
  }

  /**
   * Renders the answer of a key again after the cache was emptied, so that the next partner asking
   * for it gets it at once; null when it cannot.
   */
  @FunctionalInterface
  public interface Warmer {
    Renderer rendererFor(Object key);
  }

  /**
   * When a suppression run was stored ({@link PublicFiguresProtected}), the answers that were
   * cached are computed again in the background (and served as they were until then), most recently
   * used first, one at a time (alongside partners' own requests, within the same limit of
   * concurrent computations); a later emptying or refresh stops the pass and starts a new one.
   *
   * @param changedByPublication the keys whose answers a publication changes at once, before its
   *     revision is protected (the lists of operations and countries with a published round)
   */
  public void warmWith(Warmer warmer, Collection<?> changedByPublication) {
    Set<String> changed = new HashSet<>();
    for (Object key : changedByPublication) changed.add(id(key));
    this.publicationIds = Set.copyOf(changed);
    this.warmer = warmer;
  }

  private void warm(List<Object> previous, long pass) {
    Warmer renderers = warmer;
    if (renderers == null || previous.isEmpty()) return;
    try {
      warming.execute(
          () -> {
            long started = System.nanoTime();
            int warmed = 0;
            for (Object key : previous) {
              if (pass() != pass) return; // emptied or refreshed again: a newer pass follows
              if (!isStale(key)) continue; // computed again meanwhile
              Renderer renderer = renderers.rendererFor(key);
              if (renderer == null) continue;
              try {
                if (fill(key, renderer, true) != null) warmed++;
              } catch (IOException | RuntimeException e) {
                log.debug("Public response cache: {} not warmed: {}", key, e.toString());
              }
            }
            dropStale(pass);
            log.info(
                "Public response cache: {} of {} answers computed again in {} ms",
                warmed,
                previous.size(),
                (System.nanoTime() - started) / 1_000_000);
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shutting down
    }
  }

  /**
   * The key as JSON: one string per distinct query, whatever its values hold. Remembered for the
   * keys asked recently (forgotten all at once when too many: any query string makes a key).
   */
  private String id(Object key) {
    String id = ids.get(key);
    if (id != null) return id;
    try {
      id = json.writeValueAsString(key);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cache key " + key + " cannot be written as JSON", e);
    }
    if (ids.size() >= REMEMBERED_IDS) ids.clear();
    ids.put(key, id);
    return id;
  }

  /** The current generation; pass it to {@link #put} to store only what is still current. */
  public synchronized long generation() {
    return generation;
  }

  private synchronized long pass() {
    return passes;
  }

  /**
   * Stores a response computed while the cache was at {@code generation}; not kept when the cache
   * has been emptied since (the response may hold the previous revision) or when caching is off
   * ({@code max-bytes} 0). Returns the entry to answer with.
   */
  public Entry put(Object key, long generation, byte[] body) {
    long publications;
    synchronized (this) {
      publications = this.publications;
    }
    return put(key, generation, publications, body);
  }

  private Entry put(Object key, long generation, long publications, byte[] body) {
    Entry entry = new Entry(gzip(body), body.length);
    String id = id(key);
    synchronized (this) {
      if (!current(id, generation, publications) || entry.weight() > maxBytes) return entry;
      Slot old = entries.put(id, new Slot(entry, key, clock.incrementAndGet()));
      stale.remove(id);
      if (old != null) bytes -= old.entry.weight();
      bytes += entry.weight();
      if (bytes > maxBytes) dropLeastRecentlyUsed();
    }
    if (writer != null) writer.execute(() -> store(id, generation, publications, entry));
    return entry;
  }

  /** Whether an answer computed at these counters still holds; called holding this monitor. */
  private boolean current(String id, long generation, long publications) {
    return generation == this.generation
        && (publications == this.publications || !publicationIds.contains(id));
  }

  /** Drops least recently used entries until within the budget; called holding this monitor. */
  private void dropLeastRecentlyUsed() {
    List<Map.Entry<String, Slot>> all = new ArrayList<>(entries.entrySet());
    long[] order = new long[all.size()]; // (use, index), read once: uses change meanwhile
    for (int i = 0; i < order.length; i++) order[i] = all.get(i).getValue().used;
    Integer[] byUse = new Integer[order.length];
    for (int i = 0; i < byUse.length; i++) byUse[i] = i;
    Arrays.sort(byUse, (a, b) -> Long.compare(order[a], order[b]));
    for (int i = 0; i < byUse.length && bytes > maxBytes; i++) {
      Map.Entry<String, Slot> dropped = all.get(byUse[i]);
      if (entries.remove(dropped.getKey(), dropped.getValue())) {
        bytes -= dropped.getValue().entry.weight();
        stale.remove(dropped.getKey());
      }
    }
  }

  private void store(String id, long generation, long publications, Entry entry) {
    storeLock.readLock().lock();
    try {
      synchronized (this) {
        if (changes > 0 || !current(id, generation, publications)) return;
      }
      jdbc.sql(
              """
              insert into publication.public_response (key, gzip, length)
              values (:key, :gzip, :length)
              on conflict (key) do update set gzip = excluded.gzip, length = excluded.length,
                                              created_at = now()
              """)
          .param("key", id)
          .param("gzip", entry.gzip())
          .param("length", entry.length())
          .update();
    } catch (RuntimeException e) {
      log.warn("Public response cache: answer not stored: {}", e.toString());
    } finally {
      storeLock.readLock().unlock();
    }
  }

  /** Empties the cache (and its table); responses being computed now will not be stored. */
  public void clear() {
    storeLock.writeLock().lock();
    try {
      synchronized (this) {
        entries.clear();
        stale.clear();
        tooLarge.clear();
        bytes = 0;
        generation++;
        passes++;
      }
      if (jdbc != null) jdbc.sql("delete from publication.public_response").update();
    } finally {
      storeLock.writeLock().unlock();
    }
  }

  /**
   * A suppression run replaced the revision answers were computed from (readers got the previous
   * protected revision meanwhile): the answers are kept and served — they hold nothing that was not
   * public — while each is computed again in the background and replaced; answers being computed
   * now are not stored, the stored table is emptied, entries that cannot be computed again go.
   */
  public void refresh() {
    List<Object> previous = new ArrayList<>();
    long pass;
    storeLock.writeLock().lock();
    try {
      synchronized (this) {
        List<Map.Entry<String, Slot>> all = new ArrayList<>(entries.entrySet());
        long[] used = new long[all.size()];
        for (int i = 0; i < used.length; i++) used[i] = all.get(i).getValue().used;
        Integer[] byUse = new Integer[used.length];
        for (int i = 0; i < byUse.length; i++) byUse[i] = i;
        Arrays.sort(byUse, (a, b) -> Long.compare(used[b], used[a])); // most recent first
        for (Integer i : byUse) {
          Map.Entry<String, Slot> e = all.get(i);
          Object key = e.getValue().key;
          if (key == null || warmer == null) {
            if (entries.remove(e.getKey(), e.getValue())) bytes -= e.getValue().entry.weight();
          } else {
            previous.add(key);
            stale.add(e.getKey());
          }
        }
        tooLarge.clear();
        generation++;
        pass = ++passes;
      }
      if (jdbc != null) jdbc.sql("delete from publication.public_response").update();
    } finally {
      storeLock.writeLock().unlock();
    }
    warm(previous, pass);
  }

  /**
   * A round was published: only the answers that list operations and countries change before its
   * revision is protected; they go (and list answers being computed now are not stored).
   */
  public void published() {
    storeLock.writeLock().lock();
    try {
      synchronized (this) {
        publications++;
        for (String id : publicationIds) {
          Slot slot = entries.remove(id);
          if (slot != null) bytes -= slot.entry.weight();
          stale.remove(id);
          tooLarge.remove(id);
        }
      }
      deleteStoredLists();
    } finally {
      storeLock.writeLock().unlock();
    }
  }

  private void deleteStoredLists() {
    if (jdbc == null || publicationIds.isEmpty()) return;
    jdbc.sql("delete from publication.public_response where key = any(:ids)")
        .param("ids", publicationIds.toArray(String[]::new))
        .update();
  }

  private synchronized boolean isStale(Object key) {
    return stale.contains(id(key));
  }

  /** Drops the entries a refresh could not compute again (unless a newer change came). */
  private synchronized void dropStale(long pass) {
    if (pass != passes) return;
    for (String id : stale) {
      Slot slot = entries.remove(id);
      if (slot != null) bytes -= slot.entry.weight();
    }
    stale.clear();
  }

  /** Number of cached responses (for tests and logs). */
  public synchronized int size() {
    return entries.size();
  }

  /** What a committed change does to the answers kept. */
  private enum Change {
    PUBLICATION,
    SETTINGS,
    PROTECTION
  }

  /**
   * A publication, a settings change or a suppression run is under way in the current transaction:
   * stored answers it makes obsolete are deleted with it, none is written until it ends, and when
   * it commits the cache acts on it. (Were the process to stop between the commit and that, nothing
   * obsolete would remain in the table.)
   */
  @EventListener
  void on(RoundPublished event) {
    changing(
        "round " + event.roundNumber() + " of " + event.operationCode() + " published",
        Change.PUBLICATION);
  }

  @EventListener
  void on(OperationChanged event) {
    changing("settings of " + event.code() + " changed", Change.SETTINGS);
  }

  /** A suppression run changed what public reads show (docs/disclosure.md). */
  @EventListener
  void on(PublicFiguresProtected event) {
    // readers got the previous revision meanwhile: what they asked for is computed again at once
    changing(
        "round "
            + event.roundId()
            + " revision "
            + event.revision()
            + " of "
            + event.operationCode()
            + " protected",
        Change.PROTECTION);
  }

  private void changing(String why, Change change) {
    storeLock.writeLock().lock();
    try {
      synchronized (this) {
        changes++;
      }
      if (change == Change.PUBLICATION) deleteStoredLists();
      else if (jdbc != null) jdbc.sql("delete from publication.public_response").update();
    } finally {
      storeLock.writeLock().unlock();
    }
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      changed(true, why, change);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            changed(status == STATUS_COMMITTED, why, change);
          }
        });
  }

  private void changed(boolean committed, String why, Change change) {
    storeLock.writeLock().lock();
    try {
      if (committed) {
        switch (change) {
          case PUBLICATION -> published();
          case SETTINGS -> clear();
          case PROTECTION -> refresh();
        }
        log.debug("Public response cache: {}", why);
      }
    } finally {
      synchronized (this) {
        changes--;
      }
      storeLock.writeLock().unlock();
    }
  }

  /** Waits for pending writes of answers (tests). */
  void flushStore() {
    if (writer == null) return;
    CompletableFuture.runAsync(() -> {}, writer).join();
  }

  @PreDestroy
  void stop() {
    if (writer != null) writer.shutdown();
    warming.shutdownNow();
  }

  /** Renders a response into memory; returns null when it would be larger than {@code limit}. */
  @FunctionalInterface
  public interface Renderer {
    byte[] render(int limit) throws IOException;
  }

  /**
   * The cached response for the key, computing it when missing: only one request computes a given
   * key at a time (the others wait for its result instead of running the same query), and at most
   * {@code opendtm.public-cache.concurrent-fills} (default 2) keys are computed at once, so a burst
   * of cold requests neither floods the database nor fills the heap with half-built answers.
   *
   * @return the response, or null when it is too large to keep in memory (then the caller streams
   *     it straight to the client; such keys are remembered until the next clear)
   */
  public Entry fill(Object key, Renderer renderer) throws IOException {
    return fill(key, renderer, false);
  }

  /** {@link #fill}; with {@code replace}, a stale entry is computed again instead of returned. */
  private Entry fill(Object key, Renderer renderer, boolean replace) throws IOException {
    String id = id(key);
    synchronized (this) {
      Slot slot = entries.get(id);
      if (slot != null && !(replace && stale.contains(id))) return slot.entry;
      if (tooLarge.contains(id)) return null;
    }
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = inFlight.putIfAbsent(id, mine);
    if (running != null) return await(running);
    try {
      long generation;
      long publications;
      synchronized (this) {
        generation = this.generation;
        publications = this.publications;
      }
      byte[] body;
      fills.acquireUninterruptibly();
      try {
        body = renderer.render(maxEntryBytes);
      } finally {
        fills.release();
      }
      Entry entry = null;
      if (body == null) {
        synchronized (this) {
          if (current(id, generation, publications)) tooLarge.add(id);
        }
      } else {
        entry = put(key, generation, publications, body);
      }
      mine.complete(entry);
      return entry;
    } catch (IOException | RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(id, mine);
    }
  }

  private static Entry await(CompletableFuture<Entry> running) throws IOException {
    try {
      return running.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      throw e;
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 6));
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(out, 8192) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
