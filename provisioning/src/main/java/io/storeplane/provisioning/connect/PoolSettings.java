package io.storeplane.provisioning.connect;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the {@link ConnectionManager}, validated once when built and immutable after (the
 * HikariCP way: a bad value stops the application at start, naming its key, instead of surfacing as
 * odd behaviour under load). The Quarkus application fills it from {@code storeplane.pools.*};
 * tests and the bench use {@link #builder()}.
 *
 * @param budget the most connections all open store pools of this process may hold together; each
 *     open pool reserves its maximum size against it
 * @param maxPoolSize the largest pool one store gets, whatever its plan says
 * @param idleTimeout a pool not used for this long is closed by the sweep
 * @param connectTimeout the longest a caller waits for a connection from its store's pool (HikariCP
 *     {@code connectionTimeout}; also the driver's TCP connect timeout)
 * @param queryTimeout the longest one statement of the query and table APIs may run
 * @param capacityWait how long a caller waits for budget when no idle pool can be closed
 * @param breakerFailureThreshold consecutive failures that open a store's circuit breaker
 * @param breakerCoolDown how long an open breaker fails calls before one trial call is let through
 * @param maintenanceInterval how often the background sweep runs (idle eviction, draining pools,
 *     metrics); {@link Duration#ZERO} runs no background thread (tests call {@link
 *     ConnectionManager#sweep()} themselves)
 * @param versionCheckInterval how often open routes are compared with the master database, which
 *     bounds how long another instance's change to a store goes unnoticed here; {@link
 *     Duration#ZERO} disables the check
 * @param metricsTopStores how many of the busiest stores get their own {@code pool} tag; the rest
 *     are summed under {@code pool=other}
 * @param maxPageSize the most rows one table-API select may return
 */
public record PoolSettings(
    int budget,
    int maxPoolSize,
    Duration idleTimeout,
    Duration connectTimeout,
    Duration queryTimeout,
    Duration capacityWait,
    int breakerFailureThreshold,
    Duration breakerCoolDown,
    Duration maintenanceInterval,
    Duration versionCheckInterval,
    int metricsTopStores,
    int maxPageSize) {

  /** HikariCP refuses connection timeouts below this. */
  static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

  /** Validates every value; a bad one fails naming its {@code storeplane.pools.*} key. */
  public PoolSettings {
    require(budget >= 1, "budget", "must be at least 1, was " + budget);
    require(
        maxPoolSize >= 1 && maxPoolSize <= budget,
        "max-pool-size",
        "must be between 1 and the budget (" + budget + "), was " + maxPoolSize);
    positive(idleTimeout, "idle-timeout");
    positive(connectTimeout, "connect-timeout");
    require(
        connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) >= 0,
        "connect-timeout",
        "must be at least 250ms (HikariCP's minimum), was " + connectTimeout);
    positive(queryTimeout, "query-timeout");
    require(
        queryTimeout.toMillis() % 1000 == 0,
        "query-timeout",
        "must be whole seconds (JDBC statement timeouts are), was " + queryTimeout);
    notNegative(capacityWait, "capacity-wait");
    require(
        breakerFailureThreshold >= 1,
        "breaker.failure-threshold",
        "must be at least 1, was " + breakerFailureThreshold);
    positive(breakerCoolDown, "breaker.cool-down");
    notNegative(maintenanceInterval, "maintenance-interval");
    notNegative(versionCheckInterval, "version-check-interval");
    require(
        metricsTopStores >= 0,
        "metrics.top-stores",
        "must not be negative, was " + metricsTopStores);
    require(maxPageSize >= 1, "max-page-size", "must be at least 1, was " + maxPageSize);
  }

  /** A builder starting from the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The driver's socket timeout: a statement gets its query timeout, then the cancel its own. */
  public Duration socketTimeout() {
    return queryTimeout.plus(connectTimeout).plusSeconds(1);
  }

  private static void positive(Duration value, String key) {
    Objects.requireNonNull(value, key);
    require(!value.isNegative() && !value.isZero(), key, "must be positive, was " + value);
  }

  private static void notNegative(Duration value, String key) {
    Objects.requireNonNull(value, key);
    require(!value.isNegative(), key, "must not be negative, was " + value);
  }

  private static void require(boolean condition, String key, String message) {
    if (!condition) {
      throw new IllegalArgumentException("storeplane.pools." + key + " " + message);
    }
  }

  /** Builds {@link PoolSettings}; every setter has the default of {@code storeplane.pools.*}. */
  public static final class Builder {
    private int budget = 60;
    private int maxPoolSize = 10;
    private Duration idleTimeout = Duration.ofMinutes(2);
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration queryTimeout = Duration.ofSeconds(30);
    private Duration capacityWait = Duration.ofSeconds(2);
    private int breakerFailureThreshold = 5;
    private Duration breakerCoolDown = Duration.ofSeconds(30);
    private Duration maintenanceInterval = Duration.ofSeconds(5);
    private Duration versionCheckInterval = Duration.ofSeconds(10);
    private int metricsTopStores = 20;
    private int maxPageSize = 500;

    private Builder() {}

    public Builder budget(int budget) {
      this.budget = budget;
      return this;
    }

    public Builder maxPoolSize(int maxPoolSize) {
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
      return this;
    }

    public Builder capacityWait(Duration capacityWait) {
      this.capacityWait = capacityWait;
      return this;
    }

    public Builder breakerFailureThreshold(int breakerFailureThreshold) {
      this.breakerFailureThreshold = breakerFailureThreshold;
      return this;
    }

    public Builder breakerCoolDown(Duration breakerCoolDown) {
      this.breakerCoolDown = breakerCoolDown;
      return this;
    }

    public Builder maintenanceInterval(Duration maintenanceInterval) {
      this.maintenanceInterval = maintenanceInterval;
      return this;
    }

    public Builder versionCheckInterval(Duration versionCheckInterval) {
      this.versionCheckInterval = versionCheckInterval;
      return this;
    }

    public Builder metricsTopStores(int metricsTopStores) {
      this.metricsTopStores = metricsTopStores;
      return this;
    }

    public Builder maxPageSize(int maxPageSize) {
      this.maxPageSize = maxPageSize;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid key
     */
    public PoolSettings build() {
      return new PoolSettings(
          budget,
          maxPoolSize,
          idleTimeout,
          connectTimeout,
          queryTimeout,
          capacityWait,
          breakerFailureThreshold,
          breakerCoolDown,
          maintenanceInterval,
          versionCheckInterval,
          metricsTopStores,
          maxPageSize);
    }
  }
}
