package io.storeplane.api.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (an API token id): a key may spend {@code burst} requests at once and
 * regains {@code ratePerSecond} per second. Buckets that have refilled completely are dropped, so
 * memory follows the number of recently active tokens.
 */
public final class TokenBuckets {

  private static final int CLEANUP_EVERY = 1024;

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  public TokenBuckets(double ratePerSecond, int burst, LongSupplier nanoTime) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one request from the key's bucket.
   *
   * @return 0 when allowed, else the nanoseconds until one request will be allowed
   */
  public long tryAcquire(Object key) {
    long now = nanoTime.getAsLong();
    if (calls.incrementAndGet() % CLEANUP_EVERY == 0) {
      buckets.values().removeIf(bucket -> bucket.fullAt(now));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized long take(long now) {
      tokens = Math.min(burst, tokens + (now - updated) * ratePerNano);
      updated = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    synchronized boolean fullAt(long now) {
      return tokens + (now - updated) * ratePerNano >= burst;
    }
  }
}
