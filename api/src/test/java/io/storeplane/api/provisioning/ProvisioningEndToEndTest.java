package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Onboarding through the REST API on real PostgreSQL and MariaDB, and the fault cases. */
@QuarkusTest
class ProvisioningEndToEndTest {

  private final List<String> managedPostgres = new ArrayList<>();
  private final List<String> managedMysql = new ArrayList<>();
  private final List<TestDatabase> existing = new ArrayList<>();

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropWhatTheTestsMade() throws Exception {
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        Statement s = c.createStatement()) {
      for (String name : managedPostgres) {
        s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        s.execute("DROP ROLE IF EXISTS \"" + name + "\"");
      }
    }
    try (Connection c = TestDatabases.mysql().connectAdmin("mysql");
        Statement s = c.createStatement()) {
      for (String name : managedMysql) {
        s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        s.execute("DROP USER IF EXISTS '" + name + "'@'%'");
      }
    }
    existing.forEach(TestDatabase::close);
  }

  @Test
  void managedPostgresqlReachesSucceededWithSchemaAndSeed() throws Exception {
    JsonPath store = createStore(Map.of("type", "managed-postgresql"));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"));
    assertThat(done.getString("status")).isEqualTo("succeeded");
    JsonPath after = asAdmin().get("/api/v1/stores/" + store.getString("id")).jsonPath();
    String name = after.getString("database.name");
    managedPostgres.add(name);
    assertThat(after.getString("databaseStatus")).isEqualTo("active");
    assertThat(after.getString("database.serverId")).isNotNull();
    // The server's version whole, never cut mid-word ("compiled by gcc (Ubu; database ...").
    assertThat(done.getString("steps.find { it.step == 'test-connection' }.message"))
        .matches(
            "Placed on managed server '.+' \\(.+\\), PostgreSQL \\d+\\.\\d+.*; database " + name);
    assertStoreDatabase(TestDatabases.postgres(), name);
  }

  @Test
  void storeDataIsServedAsSoonAsTheJobSucceedsEvenIfRefusedWhileItRan() {
    JsonPath store = createStore(Map.of("type", "managed-postgresql"));
    String data = "/api/v1/stores/" + store.getString("id") + "/data/categories";
    // Read while the job runs: this instance caches the store's "not connected yet" route.
    asAdmin().get(data).then().statusCode(409).body("code", equalTo("store-not-connected"));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"));
    managedPostgres.add(
        asAdmin()
            .get("/api/v1/stores/" + store.getString("id"))
            .jsonPath()
            .getString("database.name"));
    assertThat(done.getString("status")).isEqualTo("succeeded");
    // The job dropped that route; no wait for the version check (10 s).
    asAdmin().get(data).then().statusCode(200);
  }

  @Test
  void managedMysqlReachesSucceeded() throws Exception {
    JsonPath store = createStore(Map.of("type", "managed-mysql"));
    JsonPath done = awaitEnd(store.getString("provisioningJobId"));
    JsonPath after = asAdmin().get("/api/v1/stores/" + store.getString("id")).jsonPath();
    managedMysql.add(after.getString("database.name"));
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(done.getString("steps.find { it.step == 'test-connection' }.message"))
        .matches(
            "Placed on managed server '.+' \\(.+\\), (MariaDB|MySQL) \\d+\\.\\d+\\S*; database "
                + after.getString("database.name"));
    assertStoreDatabase(TestDatabases.mysql(), after.getString("database.name"));
  }

  @Test
  void existingPostgresqlAndMysqlReachSucceeded() throws Exception {
    for (TestServer server : List.of(TestDatabases.postgres(), TestDatabases.mysql())) {
      TestDatabase db = server.createDatabase("exist");
      existing.add(db);
      JsonPath store = createStore(DatabaseOptions.existing(db, db.password()));
      JsonPath done = awaitEnd(store.getString("provisioningJobId"));
      assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
      assertStoreDatabase(server, db.name());
    }
  }

  @Test
  void wrongPasswordFailsFastWithoutRetry() throws Exception {
    // The local PostgreSQL trusts loopback logins, so the password check runs on MariaDB.
    TestDatabase db = TestDatabases.mysql().createDatabase("badpw");
    existing.add(db);
    String user = "sp_test_pw_" + UUID.randomUUID().toString().substring(0, 6);
    try (Connection c = TestDatabases.mysql().connectAdmin("mysql");
        Statement s = c.createStatement()) {
      s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-one'");
      s.execute("GRANT ALL ON `" + db.name() + "`.* TO '" + user + "'@'%'");
    }
    try {
      Map<String, Object> option = new HashMap<>(DatabaseOptions.existing(db, "wrong-one"));
      option.put("username", user);
      JsonPath done = awaitEnd(createStore(option).getString("provisioningJobId"));
      assertThat(done.getString("status")).isEqualTo("failed");
      assertThat(done.getString("error.code")).isEqualTo("database-authentication-failed");
      assertThat(done.getInt("attempt")).isEqualTo(1);
      assertThat(done.getString("error.message")).doesNotContain("wrong-one");
    } finally {
      try (Connection c = TestDatabases.mysql().connectAdmin("mysql");
          Statement s = c.createStatement()) {
        s.execute("DROP USER IF EXISTS '" + user + "'@'%'");
      }
    }
  }

  @Test
  void nothingListeningRetriesThenFails() {
    JsonPath done =
        awaitEnd(createStore(DatabaseOptions.unreachable()).getString("provisioningJobId"));
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("database-unreachable");
    assertThat(done.getInt("attempt")).isEqualTo(3);
  }

  @Test
  void clashingTableFailsBeforeAnyChange() throws Exception {
    TestDatabase db = TestDatabases.postgres().createDatabase("clash");
    existing.add(db);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, title TEXT)");
    }
    List<String> before = tables(db);
    JsonPath done =
        awaitEnd(
            createStore(DatabaseOptions.existing(db, db.password()))
                .getString("provisioningJobId"));
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("schema-clash");
    assertThat(done.getString("error.message")).contains("products");
    assertThat(tables(db)).isEqualTo(before);
  }

  @Test
  void supabaseCreateWithoutThePlatformTokenFailsClearly() {
    JsonPath done =
        awaitEnd(
            createStore(Map.of("type", "supabase", "create", true)).getString("provisioningJobId"));
    assertThat(done.getString("status")).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("database-option-not-available");
    assertThat(done.getString("error.message")).contains("storeplane.supabase.access-token");
  }

  private static List<String> tables(TestDatabase db) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect();
        ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  private static JsonPath createStore(Map<String, Object> database) {
    return TestCallers.newStore("E2E store", "e2e", database);
  }

  /** Polls the status endpoint until the job ends; progress never goes down on the way. */
  static JsonPath awaitEnd(String jobId) {
    List<Integer> progress = new ArrayList<>();
    JsonPath end = JobPolling.awaitEnd(jobId, status -> progress.add(status.getInt("progress")));
    assertThat(progress).isSorted();
    return end;
  }

  private static void assertStoreDatabase(TestServer server, String name) throws Exception {
    var manifest = io.storeplane.clientschema.version.ClientSchema.manifest();
    var dialect =
        server.engine().name().equals("POSTGRESQL")
            ? io.storeplane.clientschema.Dialect.POSTGRESQL
            : io.storeplane.clientschema.Dialect.MYSQL;
    try (Connection c = server.connectAdmin(name)) {
      var catalog = io.storeplane.clientschema.catalog.CatalogInspector.inspect(c, dialect);
      assertThat(manifest.presentIn(catalog)).hasSize(manifest.totalTables());
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cms_pages")) {
        rs.next();
        assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(3);
      }
    }
  }
}
