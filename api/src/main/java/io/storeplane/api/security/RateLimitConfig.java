package io.storeplane.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Request rate limits on the API ({@code storeplane.rate-limit.*}): per token, per address for
 * callers without a token, and per address for failed authentication. Every limit is per instance.
 */
@ConfigMapping(prefix = "storeplane.rate-limit")
public interface RateLimitConfig {

  /** Whether requests are limited at all (both the request rate and failed authentication). */
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

  /** Failed authentication (a malformed, unknown, revoked or expired token), per client address. */
  FailedAuth failedAuth();

  /** {@code storeplane.rate-limit.failed-auth.*}. */
  interface FailedAuth {

    /** Failed authentications one address may have at once before it must wait. */
    @WithDefault("20")
    int burst();

    /**
     * Failed authentications an address regains per minute: past the burst it waits {@code 60 /
     * per-minute} seconds (the cool-down, sent as {@code Retry-After}) for each further attempt.
     */
    @WithDefault("10")
    double perMinute();

    /**
     * How long a token that authenticated on this instance still passes an address's cool-down (it
     * is then looked up as usual); other tokens from that address wait.
     */
    @WithDefault("1h")
    Duration knownTokenTtl();

    /** One {@code auth.failed} audit row per address per window of this length, with counts. */
    @WithDefault("60s")
    Duration auditWindow();

    /** Addresses itemised per audit window; failures from further addresses share one row. */
    @WithDefault("100")
    int auditMaxAddresses();
  }
}
