package io.storeplane.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (an API token id, or a client address): a key may spend {@code burst}
 * requests at once and regains {@code ratePerSecond} per second. A bucket unused for as long as it
 * takes to refill is full, so it is forgotten; and at most {@code maxKeys} buckets are kept, so a
 * flood of new keys cannot grow memory without bound (a forgotten key starts again full).
 */
public final class TokenBuckets {

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Cache<Object, Bucket> buckets;

  public TokenBuckets(double ratePerSecond, int burst, long maxKeys, LongSupplier nanoTime) {
    if (ratePerSecond <= 0 || burst < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("rate must be > 0, burst >= 1 and maxKeys >= 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofNanos((long) Math.ceil(burst / ratePerNano)))
            .ticker(nanoTime::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Takes one request from the key's bucket.
   *
   * @return 0 when allowed, else the nanoseconds until one request will be allowed
   */
  public long tryAcquire(Object key) {
    long now = nanoTime.getAsLong();
    return buckets.get(key, k -> new Bucket(burst, now)).take(now);
  }

  /** Gives back one request {@link #tryAcquire} took, when it turned out not to count. */
  public void refund(Object key) {
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket != null) {
      bucket.refund();
    }
  }

  /** Buckets kept now (after pending evictions). */
  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
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

    synchronized void refund() {
      tokens = Math.min(burst, tokens + 1);
    }
  }
}
