package org.opendtm.publication.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.opendtm.geography.OperationChanged;
import org.opendtm.tracking.RoundPublished;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Whole public responses (the DTM API's JSON), kept gzipped, keyed by the normalised query.
 * Published figures change only when a round is published or an operation's settings change, so the
 * cache is emptied right after such a transaction commits — never before, or a reader could refill
 * it with the old revision. A response being computed while the cache is emptied is not stored (the
 * generation moved on).
 *
 * <p>Why: at 200 concurrent partners on a small server, running the query and writing the JSON (and
 * gzipping it) for every request costs far more than the 50 ms p99 the platform promises; from the
 * cache a request is a map lookup and a write of ready gzip bytes.
 *
 * <p>Bounded: at most {@code opendtm.public-cache.max-bytes} in total (default 64 MB, least
 * recently used dropped first; 0 turns caching off); a response larger than {@code max-entry-bytes}
 * (default 8 MB) is not cached but streamed as it is computed (see {@link #fill}), so memory never
 * grows with the size of an answer.
 */
@Component
public class PublicResponseCache {

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
  private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final Set<Object> tooLarge = new HashSet<>();
  private final ConcurrentHashMap<Object, CompletableFuture<Entry>> inFlight =
      new ConcurrentHashMap<>();
  private final Semaphore fills;
  private long bytes;
  private long generation;

  PublicResponseCache(
      @Value("${opendtm.public-cache.max-bytes:67108864}") long maxBytes,
      @Value("${opendtm.public-cache.max-entry-bytes:8388608}") int maxEntryBytes,
      @Value("${opendtm.public-cache.concurrent-fills:2}") int concurrentFills) {
    this.maxBytes = maxBytes;
    this.maxEntryBytes = maxEntryBytes;
    this.fills = new Semaphore(Math.max(1, concurrentFills), true);
  }

  /** The cached response for the key, or null. */
  public synchronized Entry get(Object key) {
    return entries.get(key);
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
    synchronized (this) {
      if (generation != this.generation || entry.weight() > maxBytes) return entry;
      Entry old = entries.put(key, entry);
      if (old != null) bytes -= old.weight();
      bytes += entry.weight();
      Iterator<Entry> eldest = entries.values().iterator();
      while (bytes > maxBytes && eldest.hasNext()) {
        bytes -= eldest.next().weight();
        eldest.remove();
      }
    }
    return entry;
  }

  /** Empties the cache; responses being computed now will not be stored. */
  public synchronized void clear() {
    entries.clear();
    tooLarge.clear();
    bytes = 0;
    generation++;
  }

  /** Number of cached responses (for tests and logs). */
  public synchronized int size() {
    return entries.size();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(RoundPublished event) {
    clear();
    log.debug(
        "Public response cache emptied: round {} of {} published",
        event.roundNumber(),
        event.operationCode());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(OperationChanged event) {
    clear();
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
    Entry entry = get(key);
    if (entry != null) return entry;
    synchronized (this) {
      if (tooLarge.contains(key)) return null;
    }
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = inFlight.putIfAbsent(key, mine);
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
          if (generation == this.generation) tooLarge.add(key);
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
      inFlight.remove(key, mine);
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
