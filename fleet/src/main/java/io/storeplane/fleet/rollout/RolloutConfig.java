package io.storeplane.fleet.rollout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Rollouts ({@code storeplane.fleet.rollout.*}). Every default is written once, here;
 * docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.fleet.rollout")
public interface RolloutConfig {

  /**
   * The highest parallelism a wave may ask for. Each store migrating holds one connection to its
   * database and one master connection (its schema lock), so this bounds what a rollout takes from
   * the master's pool and the servers' connection limits.
   */
  @WithDefault("16")
  int maxParallelism();

  /**
   * Rollout workers (jobs of kind {@code fleet.rollout}) running at once in the whole cluster, all
   * rollouts together.
   */
  @WithDefault("32")
  int maxRunning();

  /**
   * How many times one rollout tries a store whose migration may pass by itself (its schema lock
   * busy, a lock or statement timeout, a database that did not answer) before it counts as failed.
   */
  @WithDefault("5")
  int storeAttempts();

  /** How long such a store waits before it is tried again. */
  @WithDefault("30s")
  Duration retryDelay();

  /**
   * How long after the last sweep ended the next one runs ({@code fleet.rollout.sweep}, once across
   * the cluster): it puts back the stores held by dead workers of every running rollout and queues
   * the phase's workers again for a rollout none of whose workers lives any more.
   */
  @WithDefault("1m")
  Duration sweepInterval();
}
