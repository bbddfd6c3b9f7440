package io.storeplane.billing.rollup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The daily usage rollup ({@code storeplane.rollup.*}). Every default is written once, here;
 * docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.rollup")
public interface RollupConfig {

  /** The daily schedule. */
  Daily daily();

  /** How many store rollups run at once. */
  Parallelism parallelism();

  /** How a store whose database cannot answer is tried again. */
  Retry retry();

  /** The schedule that queues the previous UTC day's rollup for every active store. */
  interface Daily {
    /** Whether the schedule runs (off: rollups only on request). */
    @WithDefault("true")
    boolean enabled();

    /** When, as a five-field cron expression in UTC. */
    @WithDefault("15 0 * * *")
    String cron();
  }

  /** Limits on the rollup jobs running at once, cluster-wide. */
  interface Parallelism {
    /** Store rollups running at once in the whole cluster (each holds one store connection). */
    @WithDefault("8")
    int maxRunning();

    /**
     * Store rollups running at once against one database server (or Supabase project host): as many
     * as one instance's default worker threads, so a fleet on one server is not read two at a time
     * while workers idle; each holds one connection of the server for a few queries.
     */
    @WithDefault("4")
    int maxPerServer();
  }

  /** Retries of a store rollup that failed for a transient reason (a database down or busy). */
  interface Retry {
    /** The wait before the first retry; it doubles after each failure. */
    @WithDefault("1m")
    Duration initialDelay();

    /** The longest wait between two tries. */
    @WithDefault("1h")
    Duration maxDelay();

    /** The most tries of one store-day, the first included. */
    @WithDefault("6")
    int attempts();
  }
}
