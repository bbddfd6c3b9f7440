package io.storeplane.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Per-token request rate limits on the API ({@code storeplane.rate-limit.*}). */
@ConfigMapping(prefix = "storeplane.rate-limit")
public interface RateLimitConfig {

  /** Whether requests are limited at all. */
  @WithDefault("true")
  boolean enabled();

  /** Sustained requests per second one token may make, on one instance. */
  @WithDefault("20")
  double requestsPerSecond();

  /** Requests a token may make at once before the sustained rate applies. */
  @WithDefault("60")
  int burst();
}
