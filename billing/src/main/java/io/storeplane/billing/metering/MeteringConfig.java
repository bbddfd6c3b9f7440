package io.storeplane.billing.metering;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * API-call metering and the API quota ({@code storeplane.metering.*}). Every default is written
 * once, here; docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.metering")
public interface MeteringConfig {

  /**
   * Whether store requests are counted, flushed and held to their plan's daily API quota. Off,
   * nothing is counted and no call is refused for its quota.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * How often this instance writes what it counted since its last flush into {@code usage_metrics};
   * also how long a store's flushed usage is cached by the quota. A kill -9 loses at most this much
   * counting; with N instances the quota may be passed by what N - 1 of them take in about twice
   * this time (docs/usage.md).
   */
  @WithDefault("5s")
  Duration flushInterval();
}
