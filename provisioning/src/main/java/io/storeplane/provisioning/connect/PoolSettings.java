package io.storeplane.provisioning.connect;

import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the {@link ConnectionManager}, validated once when built and immutable after (the
 * HikariCP way: a bad value stops the application at start, naming its key, instead of surfacing as
 * odd behaviour under load). The Quarkus application fills it from {@code storeplane.pools.*};
 * tests and the bench use {@link #builder()}. Every default is written once, in {@link Defaults}.
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

  /**
   * The default of every knob, written once, as the text a {@code storeplane.pools.*} key holds
   * (durations in ISO-8601): {@code PoolsConfig}'s {@code @WithDefault} annotations and the {@link
   * Builder} both read these.
   */
  public static final class Defaults {

    /** {@code budget}: connections all store pools of one instance may hold together. */
    public static final String BUDGET = "60";

    /** {@code max-pool-size}: the largest pool one store gets. */
    public static final String MAX_POOL_SIZE = "10";

    /** {@code idle-timeout}: two minutes unused closes a pool. */
    public static final String IDLE_TIMEOUT = "PT2M";

    /** {@code connect-timeout}: three seconds to get a connection. */
    public static final String CONNECT_TIMEOUT = "PT3S";

    /**
     * {@code query-timeout}: ten seconds per statement. Also how long a store's connections may all
     * wait on its database before calls fail at once and count for the breaker, so it bounds how
     * soon a silent database is failed fast (issue 15, finding 5).
     */
    public static final String QUERY_TIMEOUT = "PT10S";

    /** {@code capacity-wait}: two seconds of waiting for budget. */
    public static final String CAPACITY_WAIT = "PT2S";

    /** {@code breaker.failure-threshold}: five consecutive failures open a breaker. */
    public static final String BREAKER_FAILURE_THRESHOLD = "5";

    /** {@code breaker.cool-down}: thirty seconds before a trial call. */
    public static final String BREAKER_COOL_DOWN = "PT30S";

    /** {@code maintenance-interval}: the sweep runs every five seconds. */
    public static final String MAINTENANCE_INTERVAL = "PT5S";

    /** {@code version-check-interval}: routes compared with the master every ten seconds. */
    public static final String VERSION_CHECK_INTERVAL = "PT10S";

    /** {@code metrics.top-stores}: twenty stores get their own {@code pool} tag. */
    public static final String METRICS_TOP_STORES = "20";

    /** {@code max-page-size}: five hundred rows per table-API select. */
    public static final String MAX_PAGE_SIZE = "500";

    private Defaults() {}
  }

  /** A builder starting from the {@link Defaults}. */
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

  /** Builds {@link PoolSettings}; every value starts at its {@link Defaults default}. */
  public static final class Builder {
    private int budget = Integer.parseInt(Defaults.BUDGET);
    private int maxPoolSize = Integer.parseInt(Defaults.MAX_POOL_SIZE);
    private Duration idleTimeout = Duration.parse(Defaults.IDLE_TIMEOUT);
    private Duration connectTimeout = Duration.parse(Defaults.CONNECT_TIMEOUT);
    private Duration queryTimeout = Duration.parse(Defaults.QUERY_TIMEOUT);
    private Duration capacityWait = Duration.parse(Defaults.CAPACITY_WAIT);
    private int breakerFailureThreshold = Integer.parseInt(Defaults.BREAKER_FAILURE_THRESHOLD);
    private Duration breakerCoolDown = Duration.parse(Defaults.BREAKER_COOL_DOWN);
    private Duration maintenanceInterval = Duration.parse(Defaults.MAINTENANCE_INTERVAL);
    private Duration versionCheckInterval = Duration.parse(Defaults.VERSION_CHECK_INTERVAL);
    private int metricsTopStores = Integer.parseInt(Defaults.METRICS_TOP_STORES);
    private int maxPageSize = Integer.parseInt(Defaults.MAX_PAGE_SIZE);

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
