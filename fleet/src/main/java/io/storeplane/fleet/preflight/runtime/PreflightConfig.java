package io.storeplane.fleet.preflight.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a fleet's migration preflight runs ({@code storeplane.fleet.preflight.*}). */
@ConfigMapping(prefix = "storeplane.fleet.preflight")
public interface PreflightConfig {

  /**
   * How many stores a fleet's preflight checks at once. Each check holds one connection of the
   * store's pool (or one Supabase SQL call) while it reads, so the preflight never takes more than
   * this many, and never more than half the ConnectionManager's budget ({@code
   * storeplane.pools.budget}): the rest stays for the stores' traffic.
   */
  @WithDefault("4")
  int parallelism();
}
