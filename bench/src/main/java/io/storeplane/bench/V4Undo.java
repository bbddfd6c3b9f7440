package io.storeplane.bench;

import io.storeplane.bench.VersionThreeFleet.FleetStore;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bench-only and never a product path: puts a fleet that reached client schema version 4 back at
 * version 3 cheaply, so one run can migrate the same stores again. In each store database it drops
 * what V4 added (the two analytics tables; {@code order_items.sku} back to nullable, and the
 * bench's order lines back to no SKU, as {@link VersionThreeFleet} made them) and deletes version 4
 * from the store's schema history; in the master it deletes the ledger's version-4 rows. Nothing
 * here is safe for a real store (the SKUs it clears are data); the platform has no downgrade.
 */
final class V4Undo {

  private static final String HISTORY = ClientSchema.historyTable();

  private static final List<String> POSTGRESQL =
      List.of(
          "DROP TABLE IF EXISTS product_analytics_daily, page_analytics_daily",
          "ALTER TABLE order_items ALTER COLUMN sku DROP NOT NULL",
          "UPDATE order_items SET sku = NULL",
          "DELETE FROM " + HISTORY + " WHERE version = '4'");

  private static final List<String> MYSQL =
      List.of(
          "DROP TABLE IF EXISTS product_analytics_daily, page_analytics_daily",
          "ALTER TABLE order_items MODIFY COLUMN sku VARCHAR(100) CHARACTER SET utf8mb4 COLLATE"
              + " utf8mb4_bin NULL",
          "UPDATE order_items SET sku = NULL",
          "DELETE FROM " + HISTORY + " WHERE version = '4'");

  private final BenchServers.Server postgres;
  private final String master;
  private final int threads;

  V4Undo(BenchServers.Server postgres, String master, int threads) {
    this.postgres = postgres;
    this.master = master;
    this.threads = threads;
  }

  /** Puts every store of {@code stores} back at version 3, in its database and in the ledger. */
  void undo(List<FleetStore> stores) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (FleetStore store : stores) {
        done.add(
            pool.submit(
                () -> {
                  undo(store);
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection c =
            DriverManager.getConnection(
                postgres.url(master), postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM store_schema_versions WHERE version = 4");
    }
  }

  private static void undo(FleetStore store) throws SQLException {
    BenchServers.Server server = store.server();
    try (Connection c =
            DriverManager.getConnection(
                server.url(store.database()), server.user(), server.password());
        Statement s = c.createStatement()) {
      boolean pg = store.dialect() == Dialect.POSTGRESQL;
      // PostgreSQL's DDL is transactional: all of it or nothing
      c.setAutoCommit(!pg);
      for (String sql : pg ? POSTGRESQL : MYSQL) {
        s.execute(sql);
      }
      if (pg) {
        c.commit();
      }
    }
  }
}
