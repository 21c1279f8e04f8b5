package org.opendtm.access.internal;

/**
 * A token bucket: up to {@code capacity} tokens, refilled continuously at {@code capacity} per
 * {@code periodNanos}. Times are {@link System#nanoTime()} values, passed in for tests.
 */
final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private double tokens;
  private long updated;

  TokenBucket(long capacity, long periodNanos, long now) {
    this.capacity = capacity;
    this.perNano = (double) capacity / periodNanos;
    this.tokens = capacity;
    this.updated = now;
  }

  /** Takes one token: 0 when taken, else the nanoseconds until one is available. */
  synchronized long take(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return nanosUntilOne();
  }

  /** 0 when a token is available (none is taken), else the nanoseconds until one is. */
  synchronized long peek(long now) {
    refill(now);
    return tokens >= 1 ? 0 : nanosUntilOne();
  }

  /** Takes one token if there is one; a failure never drives the bucket below empty. */
  synchronized void drain(long now) {
    refill(now);
    tokens = Math.max(0, tokens - 1);
  }

  synchronized boolean isFull(long now) {
    refill(now);
    return tokens >= capacity;
  }

  private long nanosUntilOne() {
    return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
  }

  private void refill(long now) {
    if (now > updated) {
      tokens = Math.min(capacity, tokens + (now - updated) * perNano);
      updated = now;
    }
  }
}
