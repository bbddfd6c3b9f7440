package io.storeplane.provisioning.connect;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Opens one store's HikariCP pool. Opening connects to nothing: the pool starts empty ({@code
 * minimumIdle=0}, no initialization check) and connects on the first borrow, so creating a pool for
 * a dead store costs no wait. Every pool shares one housekeeping scheduler and one thread factory,
 * so thousands of pools do not mean thousands of timer threads.
 */
final class PoolFactory {

  /** HikariCP resets connection idle timeouts below this to its ten-minute default. */
  private static final Duration MIN_CONNECTION_IDLE = Duration.ofSeconds(10);

  private final PoolSettings settings;
  private final ScheduledExecutorService housekeeping;
  private final ThreadFactory threads;

  PoolFactory(PoolSettings settings, ScheduledExecutorService housekeeping, ThreadFactory threads) {
    this.settings = settings;
    this.housekeeping = housekeeping;
    this.threads = threads;
  }

  HikariDataSource open(StoreRoute route, DatabaseLogin target, int maxSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(route.poolName());
    config.setJdbcUrl(target.jdbcUrl());
    config.setDriverClassName(
        target.engine() == DatabaseEngine.POSTGRESQL
            ? "org.postgresql.Driver"
            : "com.mysql.cj.jdbc.Driver");
    config.setDataSourceProperties(
        target.driverProperties(
            settings.connectTimeout(), settings.socketTimeout(), "storeplane-store-pool"));
    config.setMaximumPoolSize(maxSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(settings.connectTimeout().toMillis());
    config.setValidationTimeout(settings.connectTimeout().toMillis());
    config.setIdleTimeout(max(settings.idleTimeout(), MIN_CONNECTION_IDLE).toMillis());
    config.setInitializationFailTimeout(-1);
    config.setRegisterMbeans(false);
    config.setScheduledExecutor(housekeeping);
    config.setThreadFactory(threads);
    return new HikariDataSource(config);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
