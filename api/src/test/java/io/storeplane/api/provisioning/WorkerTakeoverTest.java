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
import io.storeplane.api.SimulatedCrash;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStore;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.database.DatabaseNames;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.TemplateDatabases;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.time.SettableClock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Workers are switched off in this profile (shared with the Supabase restart test, so one boot
 * serves both), so the test drives them: a worker that stops in the middle of a job, and another
 * that takes the job over once the lease has expired on a settable clock. Also cancellation while
 * queued and between steps.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class WorkerTakeoverTest {

  @Inject JobStore records;
  @Inject DatabaseProviders providers;
  @Inject TemplateDatabases templates;
  @Inject DatabaseServerService servers;

  @Test
  void managedPostgresqlIsClonedFromTheTemplateAndFallsBackToFlywayWithoutOne() throws Exception {
    DatabaseServer server = defaultPostgresql();
    templates.dropAll(server);
    Run flyway = runToEnd("managed-postgresql");
    JsonPath slow = flyway.status();
    assertThat(slow.getString("steps.find { it.step == 'create-database' }.message"))
        .startsWith("Created");

    assertThat(templates.ensure(server)).isTrue();
    assertThat(templates.ensure(server)).isFalse();
    Run run = runToEnd("managed-postgresql");
    JsonPath fast = run.status();
    assertThat(fast.getString("status")).isEqualTo("succeeded");
    assertThat(fast.getString("steps.find { it.step == 'create-database' }.message"))
        .startsWith("Cloned from template sp_template_v");
    assertThat(fast.getString("steps.find { it.step == 'apply-schema' }.message"))
        .contains("cloned from the template");
    assertThat(fast.getInt("tablesCreated")).isEqualTo(fast.getInt("totalTables"));
    String name = run.databaseName();
    // the clone's objects belong to pg_database_owner: its one member is the store's login, which
    // owns the database; another store's login is no member of it here
    assertThat(count("SELECT count(*) FROM pg_database WHERE datname = ? AND" + OWNED, name))
        .isEqualTo(1);
    try (Connection c = TestDatabases.postgres().connectAdmin(name);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE tableowner <> 'pg_database_owner'), count(*)"
                    + " FILTER (WHERE NOT pg_has_role(?, tableowner, 'USAGE')), count(*) FILTER"
                    + " (WHERE pg_has_role(?, tableowner, 'USAGE')), count(*) FROM pg_tables"
                    + " WHERE schemaname = 'public'")) {
      s.setString(1, name);
      s.setString(2, flyway.databaseName());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("tables not owned by pg_database_owner").isZero();
        assertThat(rs.getInt(2)).as("tables the store's login does not own").isZero();
        assertThat(rs.getInt(3)).as("tables another store's login owns").isZero();
        assertThat(rs.getInt(4)).isPositive();
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM cms_pages")) {
        rs.next();
        assertThat(rs.getInt(1)).isPositive();
      }
    }
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname LIKE"
                        + " 'sp_template_v%'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).as("the template's owner").isNotEqualTo(name);
    }
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("action", "purge", "confirm", run.slug()))
        .post("/api/v1/stores/" + run.storeId() + "/deprovision")
        .then()
        .statusCode(200);
    assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = ?", name)).isZero();
  }

  @Test
  void aTemplateOfAnOlderSchemaVersionIsNeverClonedAndTheRebuildReplacesIt() throws Exception {
    DatabaseServer server = defaultPostgresql();
    templates.dropAll(server);
    int current = ClientSchema.currentVersion();
    String stale = DatabaseNames.template(current - 1);
    String fresh = DatabaseNames.template(current);
    // What the previous release left behind: its template, complete at its own schema version.
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + stale + "\"");
    }
    PGSimpleDataSource staleDatabase = new PGSimpleDataSource();
    staleDatabase.setUrl(TestDatabases.postgres().jdbcUrl(stale));
    staleDatabase.setUser(TestDatabases.postgres().adminUser());
    staleDatabase.setPassword(TestDatabases.postgres().adminPassword());
    new ClientSchemaMigrator(staleDatabase, Dialect.POSTGRESQL).migrateTo(current - 1);
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE \"" + stale + "\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }

    Run meanwhile = runToEnd("managed-postgresql");
    assertThat(meanwhile.status().getString("status")).isEqualTo("succeeded");
    assertThat(meanwhile.status().getString("steps.find { it.step == 'create-database' }.message"))
        .as("an old template is not the current schema: Flyway instead")
        .startsWith("Created");
    assertThat(schemaVersion(meanwhile.databaseName())).isEqualTo(current);

    assertThat(templates.ensure(server)).isTrue();
    assertThat(templateNames()).containsExactly(fresh);
    Run after = runToEnd("managed-postgresql");
    assertThat(after.status().getString("steps.find { it.step == 'create-database' }.message"))
        .startsWith("Cloned from template " + fresh);
    assertThat(schemaVersion(after.databaseName())).isEqualTo(current);
    assertThat(after.status().getInt("tablesCreated"))
        .isEqualTo(after.status().getInt("totalTables"));
  }

  /**
   * A template an earlier release built (its objects still {@value TemplateDatabases#OWNER}'s, each
   * clone handed over by a connection into it) is never cloned without that hand-over: it is not
   * ready, and the next build replaces it. Its clones whose hand-over was cut short (after {@code
   * REASSIGN OWNED}, or before it) are finished by a create-database that takes the job over, and
   * never keep the owner role: dropping the templates hands them to their own logins first.
   */
  @Test
  void anEarlierReleasesTemplateIsRebuiltAndItsClonesNeverKeepTheOwnerRole() throws Exception {
    DatabaseServer server = defaultPostgresql();
    templates.dropAll(server);
    String template = DatabaseNames.template(ClientSchema.currentVersion());
    adminExecute(
        "postgres",
        "CREATE ROLE \"" + TemplateDatabases.OWNER + "\" NOLOGIN",
        "CREATE DATABASE \"" + template + "\"");
    adminExecute(
        template, "GRANT USAGE, CREATE ON SCHEMA public TO \"" + TemplateDatabases.OWNER + "\"");
    new ClientSchemaMigrator(
            servers
                .adminLogin(server)
                .onDatabase(template)
                .dataSourceAsRole(TemplateDatabases.OWNER),
            Dialect.POSTGRESQL)
        .migrateTo(ClientSchema.currentVersion());
    adminExecute(
        "postgres",
        "ALTER DATABASE \"" + template + "\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    String halfway = DatabaseNames.forPoolEntry();
    String untouched = DatabaseNames.forPoolEntry();
    try {
      try (Connection c = TestDatabases.postgres().connectAdmin("postgres")) {
        assertThat(templates.ready(c)).as("an earlier release's template").isEmpty();
      }
      for (String name : List.of(halfway, untouched)) {
        adminExecute(
            "postgres",
            "CREATE ROLE \"" + name + "\" LOGIN",
            "CREATE DATABASE \""
                + name
                + "\" OWNER \""
                + name
                + "\" TEMPLATE \""
                + template
                + "\"");
      }
      adminExecute(
          halfway, "REASSIGN OWNED BY \"" + TemplateDatabases.OWNER + "\" TO \"" + halfway + "\"");
      assertThat(ownerHolds(halfway)).as("only the grant on the schema is left").isEqualTo(1);
      assertThat(ownerHolds(untouched)).isGreaterThan(1);

      // a job of this release that takes over the earlier one's create-database finishes it
      try (Connection c = servers.adminConnection(server)) {
        templates.finishEarlierHandOver(server, c, halfway, halfway);
      }
      assertThat(ownerHolds(halfway)).isZero();

      assertThat(templates.ensure(server)).as("rebuilt").isTrue();
      assertThat(templateNames()).containsExactly(template);
      assertThat(ownerHolds(template)).isZero();
      try (Connection c = TestDatabases.postgres().connectAdmin("postgres")) {
        assertThat(templates.ready(c)).contains(template);
      }

      templates.dropAll(server);
      assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = ?", TemplateDatabases.OWNER))
          .isZero();
      for (String name : List.of(halfway, untouched)) {
        assertThat(ownerHolds(name)).isZero();
        try (Connection c = TestDatabases.postgres().connectAdmin(name);
            PreparedStatement s =
                c.prepareStatement(
                    "SELECT count(*) FILTER (WHERE tableowner <> ?), count(*) FROM pg_tables WHERE"
                        + " schemaname = 'public'")) {
          s.setString(1, name);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("tables not owned by the database's login").isZero();
            assertThat(rs.getInt(2)).isPositive();
          }
        }
      }
    } finally {
      for (String name : List.of(halfway, untouched)) {
        adminExecute(
            "postgres",
            "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)",
            "DROP ROLE IF EXISTS \"" + name + "\"");
      }
      templates.dropAll(server);
    }
  }

  /** How many objects and grants of the template owner {@code database} holds. */
  private static int ownerHolds(String database) throws Exception {
    return count(
        "SELECT count(*) FROM pg_shdepend d JOIN pg_database db ON db.oid = d.dbid WHERE"
            + " db.datname = ? AND d.refobjid = (SELECT oid FROM pg_roles WHERE rolname = '"
            + TemplateDatabases.OWNER
            + "')",
        database);
  }

  private static void adminExecute(String database, String... statements) throws Exception {
    try (Connection c = TestDatabases.postgres().connectAdmin(database);
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /** A job run to its end by a test worker: its status and its store. */
  record Run(JsonPath status, String storeId, String slug, String databaseName) {}

  /** Creates a store with this option and runs its job on a test worker. */
  private Run runToEnd(String type) {
    JsonPath store = createStore(type);
    String jobId = store.getString("provisioningJobId");
    Clock clock = Clock.systemUTC();
    ClaimedJob job = TestWorkers.claim(records, "test-worker", clock, UUID.fromString(jobId));
    runner(clock, null).run(job, "test-worker");
    String name =
        asAdmin()
            .get("/api/v1/stores/" + store.getString("id"))
            .jsonPath()
            .getString("database.name");
    return new Run(status(jobId), store.getString("id"), store.getString("slug"), name);
  }

  @Test
  void aJobWhoseWorkerDiedIsFinishedByAnotherAfterTheLeaseWithoutDuplicates() throws Exception {
    JsonPath store = createStore("managed-postgresql");
    SettableClock clock = new SettableClock(Instant.now());
    String jobId = store.getString("provisioningJobId");

    ClaimedJob first = TestWorkers.claim(records, "doomed", clock, UUID.fromString(jobId));
    assertThat(first.id().toString()).isEqualTo(jobId);
    assertThatThrownBy(() -> runner(clock, Step.CREATE_DATABASE).run(first, "doomed"))
        .isInstanceOf(SimulatedCrash.class);
    JsonPath midway = status(jobId);
    assertThat(midway.getString("status")).isEqualTo("running");
    String name =
        asAdmin()
            .get("/api/v1/stores/" + store.getString("id"))
            .jsonPath()
            .getString("database.name");

    assertThat(TestWorkers.tryClaim(records, "rescuer", clock, UUID.fromString(jobId))).isEmpty();
    clock.advance(LEASE.plusSeconds(1));
    ClaimedJob second = TestWorkers.claim(records, "rescuer", clock, UUID.fromString(jobId));
    assertThat(second.attempt()).isEqualTo(2);
    runner(clock, null).run(second, "rescuer");

    JsonPath done = status(jobId);
    assertThat(done.getString("status")).isEqualTo("succeeded");
    assertThat(done.getInt("tablesCreated")).isEqualTo(done.getInt("totalTables"));
    assertThat(done.getList("steps.attempt", Integer.class)).contains(1, 2);
    assertThat(
            done.getString("steps.find { it.step == 'create-database' && it.attempt == 2 }.status"))
        .isEqualTo("skipped");
    assertThat(count("SELECT count(*) FROM pg_database WHERE datname = ?", name)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = ?", name)).isEqualTo(1);
    try (Connection c = TestDatabases.postgres().connectAdmin(name);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*), count(DISTINCT slug) FROM cms_pages")) {
      rs.next();
      assertThat(rs.getInt(1)).isPositive().isEqualTo(rs.getInt(2));
    }
  }

  @Test
  void aQueuedJobIsCancelledAtOnce() {
    JsonPath store = createStore("managed-mysql");
    String jobId = store.getString("provisioningJobId");
    asAdmin()
        .post("/api/v1/provision/" + jobId + "/cancel")
        .then()
        .statusCode(200)
        .body("status", equalTo("cancelled"));
    asAdmin()
        .get("/api/v1/stores/" + store.getString("id"))
        .then()
        .body("databaseStatus", equalTo("none"));
    asAdmin()
        .post("/api/v1/provision/" + jobId + "/cancel")
        .then()
        .statusCode(409)
        .body("code", equalTo("job-not-cancellable"));
  }

  @Test
  void aJobCancelledBetweenStepsRemovesWhatItCreated() throws Exception {
    JsonPath store = createStore("managed-postgresql");
    SettableClock clock = new SettableClock(Instant.now());
    String jobId = store.getString("provisioningJobId");
    ClaimedJob first = TestWorkers.claim(records, "doomed", clock, UUID.fromString(jobId));
    assertThatThrownBy(() -> runner(clock, Step.CREATE_DATABASE).run(first, "doomed"))
        .isInstanceOf(SimulatedCrash.class);
    String name =
        asAdmin()
            .get("/api/v1/stores/" + store.getString("id"))
            .jsonPath()
            .getString("database.name");
    assertThat(count("SELECT count(*) FROM pg_database WHERE datname = ?", name)).isEqualTo(1);

    asAdmin().post("/api/v1/provision/" + jobId + "/cancel").then().statusCode(200);
    clock.advance(LEASE.plusSeconds(1));
    ClaimedJob second = TestWorkers.claim(records, "rescuer", clock, UUID.fromString(jobId));
    runner(clock, null).run(second, "rescuer");

    assertThat(status(jobId).getString("status")).isEqualTo("cancelled");
    assertThat(count("SELECT count(*) FROM pg_database WHERE datname = ?", name)).isZero();
    assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = ?", name)).isZero();
  }

  private DatabaseServer defaultPostgresql() {
    return servers.list().stream()
        .map(DatabaseServerService.ServerUsage::server)
        .filter(s -> s.name.equals("default-postgresql"))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> templateNames() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'sp\\_template\\_v%'"
                        + " ORDER BY datname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** The client schema version Flyway recorded in a store database. */
  private static int schemaVersion(String database) throws Exception {
    try (Connection c = TestDatabases.postgres().connectAdmin(database);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT max(CAST(version AS integer)) FROM storeplane_schema_history WHERE"
                        + " success")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private TestWorkers.Runner runner(Clock clock, Step crashAfter) {
    return TestWorkers.runner(records, providers, clock, crashAfter);
  }

  private static JsonPath createStore(String type) {
    return TestCallers.newStore("Takeover store", "to", Map.of("type", type));
  }

  /** A condition on {@code pg_database}: the database is owned by the login of its own name. */
  private static final String OWNED = " pg_get_userbyid(datdba) = datname";

  private static int count(String sql, String name) throws Exception {
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
