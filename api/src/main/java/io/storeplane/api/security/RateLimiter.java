package io.storeplane.api.security;

import jakarta.enterprise.context.ApplicationScoped;

/** The per-token rate limit of this instance, as configured by {@link RateLimitConfig}. */
@ApplicationScoped
public class RateLimiter {

  private final boolean enabled;
  private final TokenBuckets buckets;

  RateLimiter(RateLimitConfig config) {
    this.enabled = config.enabled();
    this.buckets =
        new TokenBuckets(
            config.requestsPerSecond(), config.burst(), config.maxKeys(), System::nanoTime);
  }

  /**
   * Takes one request from a caller's allowance (a token id, or {@code ip:<address>}).
   *
   * @return 0 when allowed, else the nanoseconds until the caller may call again
   */
  public long tryAcquire(Object key) {
    return enabled ? buckets.tryAcquire(key) : 0;
  }
}
