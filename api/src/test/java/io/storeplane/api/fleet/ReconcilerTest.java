package io.storeplane.api.fleet;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.fleet.reconcile.Reconciler;
import io.storeplane.fleet.reconcile.Reconciliation;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.time.SettableClock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler on real servers: the default managed PostgreSQL and MariaDB servers (two
 * registered servers) with an orphan database carrying the prefix, a store's database dropped by
 * hand (missing) and one whose owner was changed (mismatch); a warm-pool entry and the templates
 * are not reported; a new finding is audited once. Dropping orphans: off by default, and on only
 * after the grace period (a settable clock), tried on a second registration of the local PostgreSQL
 * server whose admin login may drop only what it owns.
 */
@QuarkusTest
class ReconcilerTest {

  @Inject ConnectionManager connections;
  @Inject Reconciler reconciler;

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @Test
  void orphansMissingDatabasesAndOwnerMismatchesAreFoundOnBothServers() throws Exception {
    String missingPg = provision("managed-postgresql");
    String renamedOwner = provision("managed-postgresql");
    String missingMysql = provision("managed-mysql");
    String pgServer = serverOf(missingPg);
    String mysqlServer = serverOf(missingMysql);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String pgOrphan = "sp_orphan_" + suffix;
    String mysqlOrphan = "sp_orphan_m" + suffix;
    String poolDatabase = "sp_pool_" + suffix;

    TestServer pg = TestDatabases.postgres();
    try (Connection admin = pg.connectAdmin("postgres");
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE \"" + databaseOf(missingPg) + "\" WITH (FORCE)");
      s.execute("ALTER DATABASE \"" + databaseOf(renamedOwner) + "\" OWNER TO postgres");
      s.execute("CREATE DATABASE " + pgOrphan);
      s.execute("CREATE ROLE " + poolDatabase + " LOGIN");
      s.execute("CREATE DATABASE " + poolDatabase + " OWNER " + poolDatabase);
    }
    poolEntry(pgServer, poolDatabase);
    try (Connection admin = TestDatabases.mysql().connectAdmin("mysql");
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE `" + databaseOf(missingMysql) + "`");
      s.execute("CREATE DATABASE " + mysqlOrphan);
    }
    try {
      JsonPath onPg = reconciliation(pgServer);
      assertThat(finding(onPg, "orphan_database", pgOrphan)).isNotNull();
      assertThat(finding(onPg, "missing_database", databaseOf(missingPg)))
          .containsEntry("storeId", missingPg);
      assertThat(finding(onPg, "owner_mismatch", databaseOf(renamedOwner)))
          .containsEntry("storeId", renamedOwner)
          .containsEntry("expected", databaseOf(renamedOwner))
          .containsEntry("actual", "postgres");
      assertThat(onPg.getList("findings.name", String.class))
          .doesNotContain(poolDatabase)
          .noneMatch(name -> name.startsWith("sp_template_"));

      JsonPath onMysql = reconciliation(mysqlServer);
      assertThat(finding(onMysql, "orphan_database", mysqlOrphan)).isNotNull();
      assertThat(finding(onMysql, "missing_database", databaseOf(missingMysql)))
          .containsEntry("storeId", missingMysql);

      assertThat(audits(pgOrphan)).as("a new finding is audited").isEqualTo(1);
      reconciliation(pgServer);
      assertThat(audits(pgOrphan)).as("once, not at every run").isEqualTo(1);
      assertThat(finding(reconciliation(pgServer), "orphan_database", pgOrphan))
          .as("a GET never drops")
          .isNotNull();
    } finally {
      try (Connection admin = pg.connectAdmin("postgres");
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + pgOrphan + " WITH (FORCE)");
        s.execute("DROP DATABASE IF EXISTS " + poolDatabase + " WITH (FORCE)");
        s.execute("DROP ROLE IF EXISTS " + poolDatabase);
      }
      try (Connection c = connections.master().getConnection();
          PreparedStatement s =
              c.prepareStatement("DELETE FROM warm_pool_entries WHERE database_name = ?")) {
        s.setString(1, poolDatabase);
        s.executeUpdate();
      }
      try (Connection admin = TestDatabases.mysql().connectAdmin("mysql");
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + mysqlOrphan);
      }
    }
  }

  @Test
  void orphansAreDroppedOnlyWhenEnabledAndAfterTheGracePeriod() throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String role = "recon_admin_" + suffix;
    String orphan = "sp_orphan_" + suffix;
    TestServer pg = TestDatabases.postgres();
    try (Connection admin = pg.connectAdmin("postgres");
        Statement s = admin.createStatement()) {
      // May drop only the databases it owns: the other orphans this registration sees stay.
      s.execute("CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD 'reconcile-pw'");
      s.execute("CREATE DATABASE " + orphan + " OWNER " + role);
    }
    String storeDatabase = databaseOf(provision("managed-postgresql"));
    UUID server = registerLocalPostgresAs(role, suffix);
    try {
      SettableClock clock = new SettableClock(Instant.now());
      Reconciler.DropPolicy on = new Reconciler.DropPolicy(true, Duration.ofHours(1));

      Reconciliation first = reconciler.reconcile(server, clock, on);
      assertThat(first.findings()).anyMatch(f -> f.name().equals(orphan));
      // the same physical server under a second registration: a store's database placed on the
      // first is known, never an orphan a drop could take
      assertThat(first.findings()).noneMatch(f -> f.name().equals(storeDatabase));
      assertThat(first.dropped()).as("within the grace period").doesNotContain(orphan);

      clock.advance(Duration.ofHours(2));
      Reconciliation off =
          reconciler.reconcile(
              server, clock, new Reconciler.DropPolicy(false, Duration.ofHours(1)));
      assertThat(off.dropped()).as("dropping is off").isEmpty();
      assertThat(exists(pg, orphan)).isTrue();

      Reconciliation due = reconciler.reconcile(server, clock, on);
      assertThat(due.dropped()).contains(orphan);
      assertThat(due.findings()).noneMatch(f -> f.name().equals(orphan));
      assertThat(exists(pg, orphan)).isFalse();
    } finally {
      // the second registration goes too: other tests register the local server by this name
      try (Connection c = connections.master().getConnection();
          PreparedStatement s = c.prepareStatement("DELETE FROM database_servers WHERE id = ?")) {
        s.setObject(1, server);
        s.executeUpdate();
      }
      try (Connection admin = pg.connectAdmin("postgres");
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + orphan + " WITH (FORCE)");
        s.execute("DROP ROLE IF EXISTS " + role);
      }
    }
  }

  @Test
  void anUnknownServerIsA404() {
    asAdmin()
        .get("/api/v1/database-servers/{id}/reconciliation", UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("code", org.hamcrest.Matchers.equalTo("database-server-not-found"));
  }

  private UUID registerLocalPostgresAs(String role, String suffix) {
    TestServer pg = TestDatabases.postgres();
    String id =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "recon-" + suffix,
                    "engine",
                    "postgresql",
                    "host",
                    "localhost",
                    "port",
                    pg.port(),
                    "adminUsername",
                    role,
                    "adminPassword",
                    "reconcile-pw",
                    "maxStores",
                    1))
            .post("/api/v1/database-servers")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    // Keep new stores off it: it exists only for the reconciler.
    asAdmin().post("/api/v1/database-servers/{id}/drain", id).then().statusCode(200);
    return UUID.fromString(id);
  }

  private static boolean exists(TestServer pg, String database) throws SQLException {
    try (Connection admin = pg.connectAdmin("postgres");
        PreparedStatement s =
            admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static JsonPath reconciliation(String server) {
    return asAdmin()
        .get("/api/v1/database-servers/{id}/reconciliation", server)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> finding(JsonPath report, String kind, String name) {
    List<Map<String, Object>> findings = report.getList("findings");
    return findings.stream()
        .filter(f -> kind.equals(f.get("kind")) && name.equals(f.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in " + findings));
  }

  private static String provision(String type) {
    JsonPath created = TestCallers.newStore("Reconciled store", "recon", Map.of("type", type));
    JsonPath ended = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(ended.getString("status")).as(ended.prettify()).isEqualTo("succeeded");
    return created.getString("id");
  }

  private String serverOf(String store) throws SQLException {
    return column(store, "database_server_id");
  }

  private String databaseOf(String store) throws SQLException {
    return column(store, "database_name");
  }

  private String column(String store, String column) throws SQLException {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + column + "::text FROM stores WHERE id = ?")) {
      s.setObject(1, UUID.fromString(store));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1).toLowerCase(Locale.ROOT);
      }
    }
  }

  private void poolEntry(String server, String database) throws SQLException {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO warm_pool_entries (id, server_id, database_name, login_name,"
                    + " login_password_ciphertext, schema_version, state, created_at, ready_at)"
                    + " VALUES (?, ?, ?, ?, 'sealed', 3, 'READY', now(), now())")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, UUID.fromString(server));
      s.setString(3, database);
      s.setString(4, database);
      s.executeUpdate();
    }
  }

  private int audits(String name) throws SQLException {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM audit_logs WHERE action = 'fleet.reconcile.finding'"
                    + " AND details ->> 'name' = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
