package io.storeplane.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The per-token rate limit of this instance, as configured by {@link RateLimitConfig}. */
@ApplicationScoped
public class RateLimiter {

  private final boolean enabled;
  private final TokenBuckets buckets;

  RateLimiter(RateLimitConfig config) {
    this.enabled = config.enabled();
    this.buckets = new TokenBuckets(config.requestsPerSecond(), config.burst(), System::nanoTime);
  }

  /**
   * Takes one request from the token's allowance.
   *
   * @return 0 when allowed, else the nanoseconds until the token may call again
   */
  public long tryAcquire(UUID tokenId) {
    return enabled ? buckets.tryAcquire(tokenId) : 0;
  }
}
