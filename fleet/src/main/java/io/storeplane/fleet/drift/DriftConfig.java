package io.storeplane.fleet.drift;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The fleet drift scan ({@code storeplane.fleet.drift.*}). Every default is written once, here;
 * docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.fleet.drift")
public interface DriftConfig {

  /** The recurring scan of every active store. */
  Scan scan();

  /** The recurring scan. */
  interface Scan {
    /** Whether the scan runs (off: stores are checked only through the API). */
    @WithDefault("true")
    boolean enabled();

    /** The time from the end of one scan's queueing to the next. */
    @WithDefault("6h")
    Duration interval();

    /** Store checks running at once in the whole cluster (each holds one store connection). */
    @WithDefault("4")
    int maxRunning();

    /**
     * Store checks running at once against one database server (or Supabase project): one, so a
     * scan never takes more than one of a server's connections from onboarding and store traffic.
     */
    @WithDefault("1")
    int maxPerServer();
  }
}
