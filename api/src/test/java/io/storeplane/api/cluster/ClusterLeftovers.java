package io.storeplane.api.cluster;

import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a cluster's instances made on the tests' shared servers, read from its master database
 * before that is dropped: the databases and logins of managed stores, of warm-pool entries (in any
 * state: an instance stopped or killed while making one leaves a row) and of provisioning jobs that
 * may have created theirs, then the PostgreSQL template they built. Without this, every cluster
 * left its pool on the servers, and a pool database cut off half-way through its hand-over kept the
 * template owner role from ever being dropped (CI failed so in a later run).
 */
final class ClusterLeftovers {

  private static final String NAMES =
      "SELECT s.database_name, srv.engine FROM stores s JOIN database_servers srv ON srv.id ="
          + " s.database_server_id WHERE s.database_name IS NOT NULL"
          + " UNION SELECT e.database_name, srv.engine FROM warm_pool_entries e JOIN"
          + " database_servers srv ON srv.id = e.server_id"
          + " UNION SELECT e.login_name, srv.engine FROM warm_pool_entries e JOIN"
          + " database_servers srv ON srv.id = e.server_id"
          + " UNION SELECT j.parameters ->> 'databaseName', srv.engine FROM jobs j JOIN"
          + " database_servers srv ON CAST(srv.id AS text) = j.parameters ->> 'serverId' WHERE"
          + " j.kind = 'provisioning' AND j.parameters ->> 'databaseName' IS NOT NULL";

  private ClusterLeftovers() {}

  /** Drops every platform-named database and login the cluster's master knows of. */
  static void drop(TestDatabase master) throws SQLException {
    Map<DatabaseEngine, Set<String>> names = new EnumMap<>(DatabaseEngine.class);
    try (Connection c = master.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(NAMES)) {
      while (rs.next()) {
        if (DatabaseNames.isPlatformName(rs.getString(1))) {
          names
              .computeIfAbsent(DatabaseEngine.valueOf(rs.getString(2)), e -> new LinkedHashSet<>())
              .add(rs.getString(1));
        }
      }
    }
    names.forEach(ClusterLeftovers::drop);
    dropTemplates();
  }

  /**
   * The PostgreSQL template the instances built (their default managed server is the tests' local
   * one) and its owner role: after the stores, so the role holds nothing elsewhere. The next test
   * that needs a template builds it again.
   */
  private static void dropTemplates() {
    TestServer postgres = TestDatabases.server(Engine.POSTGRESQL);
    DatabaseLogin admin =
        new DatabaseLogin(
            DatabaseEngine.POSTGRESQL,
            postgres.host(),
            postgres.port(),
            ServerAdmin.of(DatabaseEngine.POSTGRESQL).maintenanceDatabase(),
            postgres.adminUser(),
            SecretString.of(postgres.adminPassword()),
            false,
            false);
    try {
      TemplateDatabases.dropAll(admin, "the tests' PostgreSQL");
    } catch (SQLException e) {
      System.err.println("Could not drop the template a cluster built: " + e.getMessage());
    }
  }

  /** Drops each name as a database and as a login; one that fails is reported, the rest go on. */
  private static void drop(DatabaseEngine engine, Set<String> names) {
    ServerAdmin admin = ServerAdmin.of(engine);
    TestServer server =
        TestDatabases.server(
            engine == DatabaseEngine.POSTGRESQL ? Engine.POSTGRESQL : Engine.MYSQL);
    try (Connection c = server.connectAdmin(admin.maintenanceDatabase())) {
      for (String name : names) {
        try {
          admin.dropDatabase(c, name);
          admin.dropLogin(c, name);
        } catch (SQLException e) {
          System.err.println("Could not drop " + name + " left by a cluster: " + e.getMessage());
        }
      }
    } catch (SQLException e) {
      System.err.println("Could not drop what a cluster left on " + engine + ": " + e.getMessage());
    }
  }
}
