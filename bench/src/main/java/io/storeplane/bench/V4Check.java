package io.storeplane.bench;

import io.storeplane.bench.VersionThreeFleet.FleetStore;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails the bench unless a fleet really reached client schema version 4: the master's ledger says 4
 * for every store (when asked: a Flyway loop writes no ledger), and a sample of the stores'
 * databases holds V4's objects: both analytics tables, {@code order_items.sku} NOT NULL with no
 * line left without a SKU, and version 4 in the schema history.
 */
final class V4Check {

  private static final int TARGET = 4;

  private final BenchServers.Server postgres;
  private final String master;
  private final int sample;

  V4Check(BenchServers.Server postgres, String master, int sample) {
    this.postgres = postgres;
    this.master = master;
    this.sample = sample;
  }

  /** Checks the ledger of every store, then the databases of an evenly spread sample. */
  void require(List<FleetStore> stores, boolean ledger, String after) throws SQLException {
    if (ledger) {
      requireLedger(stores.size(), after);
    }
    int step = Math.max(1, stores.size() / Math.max(1, sample));
    List<FleetStore> checked = new ArrayList<>();
    for (int i = 0; i < stores.size(); i += step) {
      checked.add(stores.get(i));
    }
    // the last store is the last MariaDB/MySQL one when there are any: always one of each dialect
    checked.add(stores.get(stores.size() - 1));
    for (FleetStore store : checked) {
      requireDatabase(store, after);
    }
  }

  private void requireLedger(int stores, String after) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                postgres.url(master), postgres.user(), postgres.password());
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE c.schema_version = %d), count(*) FROM stores st"
                        .formatted(TARGET)
                    + " LEFT JOIN store_schema_current c ON c.store_id = st.id")) {
      r.next();
      if (r.getInt(1) != stores || r.getInt(2) != stores) {
        throw new IllegalStateException(
            "After %s the ledger has %d of %d stores at version %d"
                .formatted(after, r.getInt(1), stores, TARGET));
      }
    }
  }

  private static void requireDatabase(FleetStore store, String after) throws SQLException {
    BenchServers.Server server = store.server();
    boolean pg = store.dialect() == Dialect.POSTGRESQL;
    String schema = pg ? "current_schema()" : "DATABASE()";
    try (Connection c =
        DriverManager.getConnection(
            server.url(store.database()), server.user(), server.password())) {
      int tables =
          count(
              c,
              "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                  + schema
                  + " AND table_name IN ('page_analytics_daily', 'product_analytics_daily')");
      int nullable =
          count(
              c,
              "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                  + schema
                  + " AND table_name = 'order_items' AND column_name = 'sku'"
                  + " AND is_nullable = 'YES'");
      int withoutSku = count(c, "SELECT count(*) FROM order_items WHERE sku IS NULL");
      int lines = count(c, "SELECT count(*) FROM order_items");
      int history =
          count(
              c,
              "SELECT count(*) FROM "
                  + ClientSchema.historyTable()
                  + " WHERE version = '4' AND success = "
                  + (pg ? "true" : "1"));
      if (tables != 2 || nullable != 0 || withoutSku != 0 || lines == 0 || history != 1) {
        throw new IllegalStateException(
            ("After %s store %s lacks V4: %d of 2 analytics tables, sku nullable %d, %d of %d"
                    + " lines without a SKU, version 4 in its history %d times")
                .formatted(after, store.slug(), tables, nullable, withoutSku, lines, history));
      }
    }
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    }
  }
}
