package io.storeplane.api.provisioning;

import static io.storeplane.api.JobPolling.status;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.TestWorkers.LEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.SimulatedCrash;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStore;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.time.SettableClock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 2: a worker dies inside create-database right after the store's database and
 * login appeared on the server (before the step's end is recorded); the job is then cancelled, or
 * fails for good on its next attempt. Clean-up must remove exactly what the job created, on real
 * PostgreSQL and MariaDB, and never a database the job did not create.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class OrphanCleanupTest {

  @Inject JobStore records;
  @Inject DatabaseProviders providers;

  @BeforeEach
  void driversMayReachTheTestServers() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @Test
  void managedPostgresqlCrashedInsideCreateDatabaseThenCancelledLeavesNothing() throws Exception {
    crashThenCancelLeavesNothing("managed-postgresql", TestDatabases.postgres());
  }

  @Test
  void managedMysqlCrashedInsideCreateDatabaseThenCancelledLeavesNothing() throws Exception {
    crashThenCancelLeavesNothing("managed-mysql", TestDatabases.mysql());
  }

  @Test
  void managedPostgresqlCrashedInsideCreateDatabaseThenFailingForGoodLeavesNothing()
      throws Exception {
    // The next attempt cannot log in as the store (a permanent failure, SQLState 28000).
    crashThenFailLeavesNothing(
        "managed-postgresql",
        TestDatabases.postgres(),
        name -> "ALTER ROLE \"" + name + "\" NOLOGIN");
  }

  @Test
  void managedMysqlCrashedInsideCreateDatabaseThenFailingForGoodLeavesNothing() throws Exception {
    // The next attempt's saved password no longer works (a permanent failure, MySQL 1045).
    crashThenFailLeavesNothing(
        "managed-mysql",
        TestDatabases.mysql(),
        name -> "ALTER USER '" + name + "'@'%' IDENTIFIED BY 'Not-the-saved-one-15'");
  }

  @Test
  void cleanUpOfAJobThatConnectedAnExistingDatabaseNeverDropsIt() throws Exception {
    try (TestDatabase existing = TestDatabases.postgres().createDatabase("orphans")) {
      try (Connection c = existing.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE the_users_own (id integer PRIMARY KEY)");
      }
      JsonPath store =
          TestCallers.newStore(
              "Orphans store", "orx", DatabaseOptions.existing(existing, existing.password()));
      String jobId = store.getString("provisioningJobId");
      SettableClock clock = crashInsideCreateDatabase(jobId);

      asAdmin().post("/api/v1/provision/" + jobId + "/cancel").then().statusCode(200);
      rescue(jobId, clock);

      JsonPath end = status(jobId);
      assertThat(end.getString("status")).isEqualTo("cancelled");
      assertThat(exists(TestDatabases.postgres(), existing.name(), false)).isTrue();
      try (Connection c = existing.connect();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM the_users_own")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(end.getString("message")).isEqualTo("Cancelled; nothing to remove");
    }
  }

  @Test
  void cleanUpOfAJobReprovisioningAnActiveManagedStoreNeverDropsTheDatabaseAnEarlierJobMade()
      throws Exception {
    JsonPath store = TestCallers.newStore("Orphans store", "ora", Map.of("type", "managed-mysql"));
    String first = store.getString("provisioningJobId");
    SettableClock clock = new SettableClock(Instant.now());
    TestWorkers.runner(records, providers, clock, null)
        .run(TestWorkers.claim(records, "worker", clock, UUID.fromString(first)), "worker");
    assertThat(status(first).getString("status")).isEqualTo("succeeded");
    String name = databaseName(first);

    String again =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", store.getString("id"), "databaseType", "managed-mysql"))
            .post("/api/v1/provision")
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    SettableClock later = crashInsideCreateDatabase(again);
    asAdmin().post("/api/v1/provision/" + again + "/cancel").then().statusCode(200);
    rescue(again, later);

    assertThat(status(again).getString("status")).isEqualTo("cancelled");
    assertThat(exists(TestDatabases.mysql(), name, false)).as("the first job's database").isTrue();
    assertThat(exists(TestDatabases.mysql(), name, true)).as("the first job's login").isTrue();
    asAdmin()
        .get("/api/v1/stores/" + store.getString("id"))
        .then()
        .body("databaseStatus", equalTo("active"));
    assertThat(status(again).getString("message")).isEqualTo("Cancelled; nothing to remove");
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("action", "purge", "confirm", store.getString("slug")))
        .post("/api/v1/stores/" + store.getString("id") + "/deprovision")
        .then()
        .statusCode(200);
  }

  private void crashThenCancelLeavesNothing(String type, TestServer server) throws Exception {
    JsonPath store = TestCallers.newStore("Orphans store", "orp", Map.of("type", type));
    String jobId = store.getString("provisioningJobId");
    SettableClock clock = crashInsideCreateDatabase(jobId);
    String name = databaseName(jobId);
    assertThat(exists(server, name, false)).as("the database the dead worker created").isTrue();
    assertThat(exists(server, name, true)).as("the login the dead worker created").isTrue();

    asAdmin().post("/api/v1/provision/" + jobId + "/cancel").then().statusCode(200);
    rescue(jobId, clock);

    JsonPath end = status(jobId);
    assertThat(end.getString("status")).isEqualTo("cancelled");
    assertThat(exists(server, name, false)).as("database left behind").isFalse();
    assertThat(exists(server, name, true)).as("login left behind").isFalse();
    assertThat(end.getString("message"))
        .isEqualTo("Cancelled; removed database %s and login %s".formatted(name, name));
  }

  private void crashThenFailLeavesNothing(String type, TestServer server, Breaker breaker)
      throws Exception {
    JsonPath store = TestCallers.newStore("Orphans store", "orf", Map.of("type", type));
    String jobId = store.getString("provisioningJobId");
    SettableClock clock = crashInsideCreateDatabase(jobId);
    String name = databaseName(jobId);
    assertThat(exists(server, name, false)).isTrue();
    assertThat(exists(server, name, true)).isTrue();
    try (Connection c =
            server.connectAdmin(server.engine() == Engine.POSTGRESQL ? "postgres" : "");
        Statement s = c.createStatement()) {
      s.execute(breaker.statement(name));
    }

    rescue(jobId, clock);

    JsonPath end = status(jobId);
    assertThat(end.getString("status")).isEqualTo("failed");
    assertThat(exists(server, name, false)).as("database left behind").isFalse();
    assertThat(exists(server, name, true)).as("login left behind").isFalse();
    assertThat(end.getString("message"))
        .isEqualTo(
            "Failed at inspect-existing-tables; removed database %s and login %s"
                .formatted(name, name));
  }

  /** A statement, run as the server's admin, that makes the next attempt fail for good. */
  @FunctionalInterface
  private interface Breaker {
    String statement(String login);
  }

  /** Claims the queued job and runs it on a worker that dies inside create-database. */
  private SettableClock crashInsideCreateDatabase(String jobId) {
    SettableClock clock = new SettableClock(Instant.now());
    ClaimedJob first = TestWorkers.claim(records, "doomed", clock, UUID.fromString(jobId));
    assertThatThrownBy(
            () ->
                TestWorkers.runnerDyingInsideCreateDatabase(records, providers, clock)
                    .run(first, "doomed"))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(status(jobId).getString("status")).isEqualTo("running");
    return clock;
  }

  /** Another worker takes the job over once the dead one's lease expired and runs it to its end. */
  private void rescue(String jobId, SettableClock clock) {
    clock.advance(LEASE.plusSeconds(1));
    ClaimedJob second = TestWorkers.claim(records, "rescuer", clock, UUID.fromString(jobId));
    TestWorkers.runner(records, providers, clock, null).run(second, "rescuer");
  }

  private String databaseName(String jobId) {
    return (String)
        records.find(UUID.fromString(jobId)).orElseThrow().parameters().get("databaseName");
  }

  /** Whether the database (or, with {@code login}, the login) exists on the server. */
  private static boolean exists(TestServer server, String name, boolean login) throws Exception {
    boolean postgres = server.engine() == Engine.POSTGRESQL;
    String sql =
        postgres
            ? login
                ? "SELECT count(*) FROM pg_roles WHERE rolname = ?"
                : "SELECT count(*) FROM pg_database WHERE datname = ?"
            : login
                ? "SELECT count(*) FROM mysql.user WHERE user = ?"
                : "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?";
    try (Connection c = server.connectAdmin(postgres ? "postgres" : "");
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }
}
