package org.opendtm.publication.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class PublicResponseCacheTest {

  private static byte[] bytes(int n) {
    return "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void keepsTheGzipOfTheBytesAndGivesThemBack() throws Exception {
    PublicResponseCache cache = new PublicResponseCache(1 << 20, 1 << 16, 2);
    byte[] body = "{\"result\":[]}".getBytes(StandardCharsets.UTF_8);
    cache.put("k", cache.generation(), body);
    PublicResponseCache.Entry entry = cache.get("k");
    assertThat(entry.body()).isEqualTo(body);
    assertThat(entry.length()).isEqualTo(body.length);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(entry.gzip())).readAllBytes())
        .isEqualTo(body);
  }

  @Test
  void aResponseComputedBeforeAClearIsNotStored() {
    PublicResponseCache cache = new PublicResponseCache(1 << 20, 1 << 16, 2);
    long before = cache.generation();
    cache.clear();
    cache.put("k", before, bytes(10));
    assertThat(cache.get("k")).isNull();
    cache.put("k", cache.generation(), bytes(10));
    assertThat(cache.get("k")).isNotNull();
  }

  @Test
  void dropsTheLeastRecentlyUsedBeyondItsBudget() {
    // entries weigh their gzip bytes + 64: a budget for two and a half
    long weight =
        new PublicResponseCache(1 << 20, 1_000, 2).put("p", 0, bytes(1_000)).gzip().length + 64;
    PublicResponseCache cache = new PublicResponseCache(weight * 5 / 2, 1_000, 2);
    cache.put("a", 0, bytes(1_000));
    cache.put("b", 0, bytes(1_000));
    cache.get("a"); // a is now more recent than b
    cache.put("c", 0, bytes(1_000));
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
  }

  @Test
  void aBudgetOfZeroTurnsCachingOff() {
    PublicResponseCache cache = new PublicResponseCache(0, 1_000, 2);
    assertThat(cache.put("k", cache.generation(), bytes(10)).length()).isEqualTo(10);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void fillComputesAKeyOnceForConcurrentRequestsAndRemembersTooLargeAnswers() throws Exception {
    PublicResponseCache cache = new PublicResponseCache(1 << 20, 100, 2);
    AtomicInteger renders = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PublicResponseCache.Renderer slow =
        limit -> {
          renders.incrementAndGet();
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return bytes(50);
        };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PublicResponseCache.Entry>> answers = new ArrayList<>();
      answers.add(pool.submit(() -> cache.fill("k", slow)));
      started.await();
      for (int i = 0; i < 3; i++) answers.add(pool.submit(() -> cache.fill("k", slow)));
      Thread.sleep(100); // the three wait for the first
      release.countDown();
      for (Future<PublicResponseCache.Entry> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS).length()).isEqualTo(50);
      }
      assertThat(renders).hasValue(1);
    } finally {
      pool.shutdownNow();
    }

    AtomicInteger bigRenders = new AtomicInteger();
    PublicResponseCache.Renderer big =
        limit -> {
          bigRenders.incrementAndGet();
          return null; // over the limit
        };
    assertThat(cache.fill("big", big)).isNull();
    assertThat(cache.fill("big", big)).isNull();
    assertThat(bigRenders).hasValue(1);
    cache.clear();
    assertThat(cache.fill("big", big)).isNull();
    assertThat(bigRenders).hasValue(2);
  }

  @Test
  void aFailedFillIsNotCachedAndReachesTheCaller() {
    PublicResponseCache cache = new PublicResponseCache(1 << 20, 100, 2);
    assertThatThrownBy(
            () ->
                cache.fill(
                    "k",
                    limit -> {
                      throw new IllegalStateException("database down");
                    }))
        .hasMessage("database down");
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void aPublicationDropsOnlyTheListsAndAListComputedAcrossItIsNotStored() throws Exception {
    PublicResponseCache cache = new PublicResponseCache(1 << 20, 1 << 16, 2);
    cache.warmWith(key -> null, List.of("operation-list"));
    cache.put("operation-list", cache.generation(), bytes(10));
    cache.put("admin0", cache.generation(), bytes(10));
    PublicResponseCache.Entry kept = cache.get("admin0");

    cache.published();
    assertThat(cache.get("operation-list")).isNull();
    assertThat(cache.get("admin0")).isSameAs(kept);
    // computed across a publication: a list is not stored, anything else is
    PublicResponseCache.Renderer publishing =
        limit -> {
          cache.published();
          return bytes(11);
        };
    assertThat(cache.fill("operation-list", publishing).length()).isEqualTo(11);
    assertThat(cache.fill("admin1", publishing).length()).isEqualTo(11);
    assertThat(cache.get("operation-list")).isNull();
    assertThat(cache.get("admin1")).isNotNull();
  }

  @Test
  void aRefreshServesTheOldAnswersUntilEachIsComputedAgain() throws Exception {
    PublicResponseCache cache = new PublicResponseCache(1 << 20, 1 << 16, 2);
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cache.warmWith(
        key ->
            "gone".equals(key)
                ? null
                : limit -> {
                  computing.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return ("new " + key).getBytes(StandardCharsets.US_ASCII);
                },
        List.of());
    cache.put("a", cache.generation(), "old a".getBytes(StandardCharsets.US_ASCII));
    cache.put("gone", cache.generation(), bytes(5));
    cache.get("a");
    cache.get("gone");

    cache.refresh();
    assertThat(computing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(cache.get("a").body(), StandardCharsets.US_ASCII)).isEqualTo("old a");
    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.get("gone") != null && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(new String(cache.get("a").body(), StandardCharsets.US_ASCII)).isEqualTo("new a");
    assertThat(cache.get("gone")).as("cannot be computed again: dropped").isNull();
  }
}
