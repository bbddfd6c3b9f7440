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

  /**
   * Tokens and addresses each limit tracks at once; past it the least useful entries are forgotten,
   * so a flood from many addresses cannot grow memory without bound.
   */
  @WithDefault("100000")
  int maxKeys();
}
