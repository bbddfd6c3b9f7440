package io.storeplane.billing.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Plan limits' knobs ({@code storeplane.limits.*}); docs/configuration.md lists them and
 * docs/usage.md, "Plan limits", explains what they bound.
 */
@ConfigMapping(prefix = "storeplane.limits")
public interface LimitsConfig {

  /**
   * How long a store's counted usage (products, orders this month) and its plan's terms (limits,
   * modes, the last rolled-up storage) are used before they are read again. This instance's own
   * creates are added to the cached count, so on one instance a limit holds exactly; across N
   * instances a limit may be passed by what the other instances create within this time.
   */
  @WithDefault("5S")
  Duration usageCache();

  /**
   * How long a recount waits for this instance's inserts into the same table of the store that are
   * still running, so that the count it reads either holds each of them or follows it. Past the
   * wait it counts anyway and those inserts stay counted as pending until they end.
   */
  @WithDefault("10S")
  Duration inFlightWait();
}
