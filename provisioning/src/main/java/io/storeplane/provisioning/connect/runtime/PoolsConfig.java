package io.storeplane.provisioning.connect.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.connect.PoolSettings.Defaults;
import java.time.Duration;

/**
 * The ConnectionManager's knobs ({@code storeplane.pools.*}); docs/configuration.md lists them and
 * docs/connection-manager.md explains them. Validated once at start: a bad value stops the
 * application naming its key. The defaults are written once, in {@link PoolSettings.Defaults}.
 */
@ConfigMapping(prefix = "storeplane.pools")
public interface PoolsConfig {

  /**
   * The most connections all store pools of one instance may hold together; each open pool reserves
   * its maximum size. Size it per database server: its {@code max_connections}, minus what other
   * clients need, divided by the number of instances.
   */
  @WithDefault(Defaults.BUDGET)
  int budget();

  /** The largest pool one store gets; a plan's {@code pool_size} above it is capped. */
  @WithDefault(Defaults.MAX_POOL_SIZE)
  int maxPoolSize();

  /** A store pool unused for this long is closed, giving its connections back to the budget. */
  @WithDefault(Defaults.IDLE_TIMEOUT)
  Duration idleTimeout();

  /** The longest a call waits for a connection of its store (connect included). */
  @WithDefault(Defaults.CONNECT_TIMEOUT)
  Duration connectTimeout();

  /** The longest one statement of the query and table APIs may run; whole seconds. */
  @WithDefault(Defaults.QUERY_TIMEOUT)
  Duration queryTimeout();

  /**
   * How long a call waits for budget when it is spent and no idle pool can be closed, before it
   * fails with {@code connection-capacity-exhausted} (503).
   */
  @WithDefault(Defaults.CAPACITY_WAIT)
  Duration capacityWait();

  /** How often idle pools are closed and the per-pool metrics refreshed; 0 turns it off. */
  @WithDefault(Defaults.MAINTENANCE_INTERVAL)
  Duration maintenanceInterval();

  /**
   * How often cached routes are compared with the master database (one query for all of them), so a
   * change made by another instance is picked up within this time; 0 turns it off.
   */
  @WithDefault(Defaults.VERSION_CHECK_INTERVAL)
  Duration versionCheckInterval();

  /** The most rows one request of the store data API may return. */
  @WithDefault(Defaults.MAX_PAGE_SIZE)
  int maxPageSize();

  /** The per-store circuit breaker. */
  Breaker breaker();

  /** Metrics cardinality. */
  Metrics metrics();

  /** The per-store circuit breaker ({@code storeplane.pools.breaker.*}). */
  interface Breaker {

    /** Consecutive failures (no connection, timeouts) that open a store's breaker. */
    @WithDefault(Defaults.BREAKER_FAILURE_THRESHOLD)
    int failureThreshold();

    /** How long an open breaker fails calls at once before one trial call is let through. */
    @WithDefault(Defaults.BREAKER_COOL_DOWN)
    Duration coolDown();
  }

  /** Metrics cardinality ({@code storeplane.pools.metrics.*}). */
  interface Metrics {

    /**
     * How many of the busiest store pools get their own {@code pool} tag; the others are summed
     * under {@code pool=other}.
     */
    @WithDefault(Defaults.METRICS_TOP_STORES)
    int topStores();
  }

  /** The validated settings. */
  default PoolSettings settings() {
    return PoolSettings.builder()
        .budget(budget())
        .maxPoolSize(maxPoolSize())
        .idleTimeout(idleTimeout())
        .connectTimeout(connectTimeout())
        .queryTimeout(queryTimeout())
        .capacityWait(capacityWait())
        .breakerFailureThreshold(breaker().failureThreshold())
        .breakerCoolDown(breaker().coolDown())
        .maintenanceInterval(maintenanceInterval())
        .versionCheckInterval(versionCheckInterval())
        .metricsTopStores(metrics().topStores())
        .maxPageSize(maxPageSize())
        .build();
  }
}
