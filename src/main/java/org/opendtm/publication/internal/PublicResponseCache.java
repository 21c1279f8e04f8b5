package org.opendtm.publication.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.opendtm.geography.OperationChanged;
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
 * Published figures change only when a round is published, a published revision's suppression is
 * stored (public reads show a revision once it is protected) or an operation's settings change, so
 * the cache is emptied right after such a transaction commits — never before, or a reader could
 * refill it with the old revision. A response being computed while the cache is emptied is not
 * stored (the generation moved on).
 *
 * <p>Why: at 200 concurrent partners on a small server, running the query and writing the JSON (and
 * gzipping it) for every request costs far more than the 50 ms p99 the platform promises; from the
 * cache a request is a map lookup and a write of ready gzip bytes.
 *
 * <p>Bounded: at most {@code opendtm.public-cache.max-bytes} in total (default 64 MB, least
 * recently used dropped first; 0 turns caching off); a response larger than {@code max-entry-bytes}
 * (default 8 MB) is not cached but streamed as it is computed (see {@link #fill}), so memory never
 * grows with the size of an answer.
 *
 * <p>Kept across restarts ({@code opendtm.public-cache.persist}, default on): each stored answer is
 * also written, on a background thread, to {@code publication.public_response}, which is emptied in
 * the same transaction as every publication or settings change (and again after its commit, for an
 * answer computed from the old data and written in between); at start the table is read back before
 * the server takes requests, so a restart does not make partners wait while hundreds of answers are
 * recomputed. Keys are the queries as JSON (unambiguous whatever the values hold).
 */
@Component
public class PublicResponseCache implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(PublicResponseCache.class);

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

  private final long maxBytes;
  private final int maxEntryBytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  // the key objects of the entries, for warming after a clear (entries read back at start have
  // none until they are asked for again)
  private final java.util.HashMap<String, Object> keys = new java.util.HashMap<>();
  // entries answered from the previous protected revision, served until computed again (refresh)
  private final Set<String> stale = new HashSet<>();
  private volatile Warmer warmer;
  private final ExecutorService warming =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "public-cache-warm");
            thread.setDaemon(true);
            return thread;
          });
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
  private long generation;
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
            : Executors.newSingleThreadExecutor(
                r -> {
                  Thread thread = new Thread(r, "public-cache-store");
                  thread.setDaemon(true);
                  return thread;
                });
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
                if (entries.putIfAbsent(rs.getString("key"), entry) == null) {
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

  /** The cached response for the key, or null. */
  public Entry get(Object key) {
    String id = id(key);
    synchronized (this) {
      Entry entry = entries.get(id);
      if (entry != null) keys.putIfAbsent(id, key);
      return entry;
    }
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
   * When a suppression run was stored while readers read the previous revision ({@link
   * PublicFiguresProtected}), the answers that were cached are computed again in the background
   * (and served as they were until then), most recently used first, one at a time (alongside
   * partners' own requests, within the same limit of concurrent computations); a later emptying
   * stops the pass and starts a new one.
   */
  public void warmWith(Warmer warmer) {
    this.warmer = warmer;
  }

  private void warm(java.util.List<Object> previous, long generation) {
    Warmer renderers = warmer;
    if (renderers == null || previous.isEmpty()) return;
    try {
      warming.execute(
          () -> {
            long started = System.nanoTime();
            int warmed = 0;
            for (Object key : previous) {
              if (generation() != generation) return; // emptied again: a newer pass follows
              if (!isStale(key)) continue; // computed again meanwhile
              Renderer renderer = renderers.rendererFor(key);
              if (renderer == null) continue;
              try {
                if (fill(key, renderer, true) != null) warmed++;
              } catch (IOException | RuntimeException e) {
                log.debug("Public response cache: {} not warmed: {}", key, e.toString());
              }
            }
            dropStale(generation);
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

  /** The key as JSON: one string per distinct query, whatever its values hold. */
  private String id(Object key) {
    try {
      return json.writeValueAsString(key);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cache key " + key + " cannot be written as JSON", e);
    }
  }

  /** The current generation; pass it to {@link #put} to store only what is still current. */
  public synchronized long generation() {
    return generation;
  }

  /**
   * Stores a response computed while the cache was at {@code generation}; not kept when the cache
   * has been emptied since (the response may hold the previous revision) or when caching is off
   * ({@code max-bytes} 0). Returns the entry to answer with.
   */
  public Entry put(Object key, long generation, byte[] body) {
    Entry entry = new Entry(gzip(body), body.length);
    String id = id(key);
    synchronized (this) {
      if (generation != this.generation || entry.weight() > maxBytes) return entry;
      Entry old = entries.put(id, entry);
      keys.put(id, key);
      stale.remove(id);
      if (old != null) bytes -= old.weight();
      bytes += entry.weight();
      Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
      while (bytes > maxBytes && eldest.hasNext()) {
        Map.Entry<String, Entry> dropped = eldest.next();
        bytes -= dropped.getValue().weight();
        keys.remove(dropped.getKey());
        stale.remove(dropped.getKey());
        eldest.remove();
      }
    }
    if (writer != null) writer.execute(() -> store(id, generation, entry));
    return entry;
  }

  private void store(String id, long generation, Entry entry) {
    storeLock.readLock().lock();
    try {
      if (changes > 0 || generation != generation()) return;
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
        keys.clear();
        stale.clear();
        tooLarge.clear();
        bytes = 0;
        generation++;
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
  private void refresh() {
    java.util.List<Object> previous = new java.util.ArrayList<>();
    long refreshed;
    storeLock.writeLock().lock();
    try {
      synchronized (this) {
        Iterator<Map.Entry<String, Entry>> all = entries.entrySet().iterator();
        while (all.hasNext()) { // least recently used first
          Map.Entry<String, Entry> e = all.next();
          Object key = keys.get(e.getKey());
          if (key == null || warmer == null) {
            bytes -= e.getValue().weight();
            all.remove();
            keys.remove(e.getKey());
          } else {
            previous.add(key);
            stale.add(e.getKey());
          }
        }
        tooLarge.clear();
        refreshed = ++generation;
      }
      if (jdbc != null) jdbc.sql("delete from publication.public_response").update();
    } finally {
      storeLock.writeLock().unlock();
    }
    java.util.Collections.reverse(previous);
    warm(previous, refreshed);
  }

  private synchronized boolean isStale(Object key) {
    return stale.contains(id(key));
  }

  /** Drops the entries a refresh could not compute again (unless a newer change came). */
  private synchronized void dropStale(long generation) {
    if (generation != this.generation) return;
    for (String id : stale) {
      Entry entry = entries.remove(id);
      if (entry != null) bytes -= entry.weight();
      keys.remove(id);
    }
    stale.clear();
  }

  /** Number of cached responses (for tests and logs). */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * A publication or a settings change is under way in the current transaction: stored answers are
   * deleted with it, none is written until it ends, and when it commits the cache is emptied. (Were
   * the process to stop between the commit and the emptying, nothing written from the old data
   * would remain in the table.)
   */
  @EventListener
  void on(RoundPublished event) {
    changing("round " + event.roundNumber() + " of " + event.operationCode() + " published", false);
  }

  @EventListener
  void on(OperationChanged event) {
    changing("settings of " + event.code() + " changed", false);
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
        true);
  }

  private void changing(String why, boolean warm) {
    storeLock.writeLock().lock();
    try {
      changes++;
      if (jdbc != null) jdbc.sql("delete from publication.public_response").update();
    } finally {
      storeLock.writeLock().unlock();
    }
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      changed(true, why, warm);
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            changed(status == STATUS_COMMITTED, why, warm);
          }
        });
  }

  private void changed(boolean committed, String why, boolean warm) {
    storeLock.writeLock().lock();
    try {
      if (committed) {
        if (warm) refresh();
        else clear();
        log.debug("Public response cache emptied: {}", why);
      }
    } finally {
      changes--;
      storeLock.writeLock().unlock();
    }
  }

  /** Waits for pending writes of answers (tests). */
  void flushStore() {
    if (writer == null) return;
    java.util.concurrent.CompletableFuture.runAsync(() -> {}, writer).join();
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
    Entry entry;
    synchronized (this) {
      entry = entries.get(id);
      if (entry != null && !(replace && stale.contains(id))) return entry;
      if (tooLarge.contains(id)) return null;
    }
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = inFlight.putIfAbsent(id, mine);
    if (running != null) return await(running);
    try {
      long generation = generation();
      byte[] body;
      fills.acquireUninterruptibly();
      try {
        body = renderer.render(maxEntryBytes);
      } finally {
        fills.release();
      }
      if (body == null) {
        synchronized (this) {
          if (generation == this.generation) tooLarge.add(id);
        }
      } else {
        entry = put(key, generation, body);
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
