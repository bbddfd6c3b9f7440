package io.storeplane.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.clientschema.jdbc.ResultRows;
import io.storeplane.provisioning.connect.RouteAccess;
import io.storeplane.provisioning.connect.StoreRoute;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: the naive design the issue describes, a map from store to a HikariCP pool created
 * on first use and kept forever, with HikariCP's defaults (so {@code minimumIdle} equals the pool
 * size) except the pool size (the plan's) and the connection timeout (bounded like ours).
 */
final class NaivePools implements AutoCloseable {

  private final StoreSet stores;
  private final Duration connectionTimeout;
  private final Map<UUID, HikariDataSource> pools = new ConcurrentHashMap<>();

  NaivePools(StoreSet stores, Duration connectionTimeout) {
    this.stores = stores;
    this.connectionTimeout = connectionTimeout;
  }

  /** {@code SELECT 1} on store {@code index}, reading the row as the manager does. */
  void selectOne(int index) throws SQLException {
    StoreRoute store = stores.get(index);
    HikariDataSource pool = pools.computeIfAbsent(store.storeId(), id -> open(store));
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT 1 AS one");
        ResultSet rows = statement.executeQuery()) {
      ResultRows.asObjects(rows);
    }
  }

  int size() {
    return pools.size();
  }

  private HikariDataSource open(StoreRoute store) {
    DatabaseLogin target = ((RouteAccess.Jdbc) store.access()).target();
    HikariConfig config = new HikariConfig();
    config.setPoolName("naive-" + store.slug());
    config.setJdbcUrl(target.jdbcUrl());
    config.setDataSourceProperties(Bench.driverProperties(target));
    config.setMaximumPoolSize(store.poolSize());
    config.setConnectionTimeout(connectionTimeout.toMillis());
    return new HikariDataSource(config);
  }

  /**
   * Closes the pools made so far. The map is not cleared: a thread stuck creating a pool for a dead
   * server holds its bin's lock until the server goes away.
   */
  @Override
  public void close() {
    pools.values().parallelStream().forEach(HikariDataSource::close);
  }
}
