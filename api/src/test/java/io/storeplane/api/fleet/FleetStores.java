package io.storeplane.api.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores for the fleet's tests: existing test databases provisioned through the API, and put back
 * at an older client schema version as a store provisioned before the newer one was released.
 */
public final class FleetStores {

  private FleetStores() {}

  /**
   * Connects every database as an existing store's, provisioned at once by the workers, and waits
   * until all are provisioned.
   *
   * @return the stores, in the order of the databases
   */
  static List<String> provisionAll(List<TestDatabase> dbs) {
    List<JsonPath> created = new ArrayList<>();
    for (TestDatabase db : dbs) {
      created.add(
          TestCallers.newStore(
              "Migration store", "migr", DatabaseOptions.existing(db, db.password())));
    }
    List<String> stores = new ArrayList<>();
    for (JsonPath store : created) {
      JsonPath done = JobPolling.awaitEnd(store.getString("provisioningJobId"), s -> {});
      assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
      stores.add(store.getString("id"));
    }
    return stores;
  }

  /** A rollout wave: its cumulative percent and parallelism. */
  public static Map<String, Object> wave(int percent, int parallelism) {
    return Map.of("percent", percent, "parallelism", parallelism);
  }

  /**
   * A rollout request to version 4 over {@code stores}: the canary when not null, then the waves;
   * no failure allowed, a failure pauses it.
   */
  @SafeVarargs
  public static Map<String, Object> request(
      List<String> stores, Map<String, Object> canary, Map<String, Object>... waves) {
    Map<String, Object> body = new HashMap<>();
    body.put("targetVersion", 4);
    body.put("selector", Map.of("storeIds", stores));
    if (canary != null) {
      body.put("canary", canary);
    }
    if (waves.length > 0) {
      body.put("waves", List.of(waves));
    }
    body.put("maxFailureRate", 0);
    body.put("onFailure", "pause");
    return body;
  }

  /**
   * A store connected to the existing database {@code db} through the API, its provisioning
   * succeeded, then rebuilt at {@code version}; the 201 (id, slug, which starts with {@code
   * slugPrefix}).
   */
  public static JsonPath connectedAt(
      TestDatabase db, int version, DataSource master, String name, String slugPrefix)
      throws SQLException {
    JsonPath created =
        TestCallers.newStore(name, slugPrefix, DatabaseOptions.existing(db, db.password()));
    JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    rebuildAt(db, version, master, created.getString("id"));
    return created;
  }

  /**
   * Rebuilds a provisioned store's database at {@code version} (provisioning applied the current
   * one) and removes the ledger's rows after it.
   */
  static void rebuildAt(TestDatabase db, int version, DataSource master, String store)
      throws SQLException {
    try (Connection c = master.getConnection()) {
      rebuildAt(db, version, c, store);
    }
  }

  /** As {@link #rebuildAt(TestDatabase, int, DataSource, String)}, on a master connection. */
  public static void rebuildAt(TestDatabase db, int version, Connection master, String store)
      throws SQLException {
    dropAllTables(db);
    migrator(db).migrateTo(version);
    forgetLedgerAfter(master, store, version);
  }

  /** Removes the ledger's rows of {@code store} after {@code version}. */
  static void forgetLedgerAfter(DataSource master, String store, int version) throws SQLException {
    try (Connection c = master.getConnection()) {
      forgetLedgerAfter(c, store, version);
    }
  }

  private static void forgetLedgerAfter(Connection master, String store, int version)
      throws SQLException {
    try (PreparedStatement s =
        master.prepareStatement(
            "DELETE FROM store_schema_versions WHERE store_id = ? AND version > ?")) {
      s.setObject(1, UUID.fromString(store));
      s.setInt(2, version);
      s.executeUpdate();
    }
  }

  static void dropAllTables(TestDatabase db) throws SQLException {
    if (db.server().engine() == Engine.POSTGRESQL) {
      execute(db, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
      return;
    }
    List<String> drops = new ArrayList<>();
    drops.add("SET FOREIGN_KEY_CHECKS = 0");
    rows(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")
        .forEach(t -> drops.add("DROP TABLE `" + t + "`"));
    drops.add("SET FOREIGN_KEY_CHECKS = 1");
    execute(db, drops.toArray(String[]::new));
  }

  static ClientSchemaMigrator migrator(TestDatabase db) {
    return new ClientSchemaMigrator(
        new FixedLoginDataSource("test " + db.name()) {
          @Override
          public Connection getConnection() throws SQLException {
            return db.connect();
          }
        },
        dialect(db));
  }

  static Dialect dialect(TestDatabase db) {
    return db.server().engine() == Engine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
  }

  static void execute(TestDatabase db, String... statements) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Whether a session of the store's database waits for a lock (a migration meeting a reader). */
  static boolean waitingForLock(TestDatabase db) throws SQLException {
    String sql =
        db.server().engine() == Engine.POSTGRESQL
            ? "SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'"
            : "SELECT 1 FROM information_schema.processlist WHERE db = DATABASE()"
                + " AND state LIKE 'Waiting for table metadata lock%'";
    return !rows(db, sql).isEmpty();
  }

  public static List<String> rows(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
