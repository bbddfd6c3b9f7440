package io.storeplane.fleet.reconcile;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The reconciler of managed servers with the registry ({@code storeplane.fleet.reconciler.*}).
 * Every default is written once, here; docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.fleet.reconciler")
public interface ReconcilerConfig {

  /** Whether the recurring run (job kind {@code fleet.reconcile}) runs. */
  @WithDefault("true")
  boolean enabled();

  /** The time from the end of one run to the next. */
  @WithDefault("1h")
  Duration interval();

  /**
   * Whether a run drops orphan databases carrying Storeplane's name prefix ({@code sp_}) once they
   * have been seen for {@link #dropGrace()}: off by default, since an orphan may be a database an
   * operator is still looking into.
   */
  @WithDefault("false")
  boolean dropOrphans();

  /** How long an orphan must have been seen (from its first sighting) before it may be dropped. */
  @WithDefault("7d")
  Duration dropGrace();
}
