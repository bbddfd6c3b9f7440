package io.storeplane.api.provisioning;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.TestCallers;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deprovisioning, the event stream, idempotency, the one-active-job rule, connection tests. */
@QuarkusTest
class ProvisioningLifecycleTest {

  private final List<TestDatabase> existing = new ArrayList<>();

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropExisting() {
    existing.forEach(TestDatabase::close);
  }

  @Test
  void suspendLocksTheLoginAndPurgeDropsDatabaseAndLogin() throws Exception {
    JsonPath store = createStore(Map.of("type", "managed-postgresql"));
    String id = store.getString("id");
    ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    String name = asAdmin().get("/api/v1/stores/" + id).jsonPath().getString("database.name");
    assertThat(pgCount("SELECT count(*) FROM pg_roles WHERE rolname = ?", name)).isEqualTo(1);

    deprovision(id, Map.of("action", "suspend"))
        .then()
        .statusCode(200)
        .body("databaseStatus", equalTo("suspended"));
    assertThatThrownBy(() -> connectAs(name).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("not permitted to log in");

    deprovision(id, Map.of("action", "purge", "confirm", "not-the-slug"))
        .then()
        .statusCode(400)
        .body("code", equalTo("purge-not-confirmed"));
    deprovision(id, Map.of("action", "purge", "confirm", store.getString("slug")))
        .then()
        .statusCode(200)
        .body("databaseStatus", equalTo("none"));

    assertThat(pgCount("SELECT count(*) FROM pg_database WHERE datname = ?", name)).isZero();
    assertThat(pgCount("SELECT count(*) FROM pg_roles WHERE rolname = ?", name)).isZero();
    JsonPath after = asAdmin().get("/api/v1/stores/" + id).jsonPath();
    assertThat(after.getString("databaseStatus")).isEqualTo("none");
    assertThat(after.getString("database")).isNull();
  }

  @Test
  void purgingAnExistingDatabaseOnlyDisconnectsIt() throws Exception {
    TestDatabase db = TestDatabases.postgres().createDatabase("keep");
    existing.add(db);
    JsonPath store = createStore(DatabaseOptions.existing(db, db.password()));
    ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    deprovision(
            store.getString("id"), Map.of("action", "purge", "confirm", store.getString("slug")))
        .then()
        .statusCode(200)
        .body("message", containsString("not touched"));
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM products")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  void provisioningAReadyStoreAgainIsANoOp() {
    TestDatabase db = TestDatabases.mysql().createDatabase("again");
    existing.add(db);
    JsonPath store = createStore(DatabaseOptions.existing(db, db.password()));
    ProvisioningEndToEndTest.awaitEnd(store.getString("provisioningJobId"));
    String jobId =
        provision(Map.of("storeId", store.getString("id"), "databaseType", "mysql"), null)
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    JsonPath again = ProvisioningEndToEndTest.awaitEnd(jobId);
    assertThat(again.getString("status")).isEqualTo("succeeded");
    assertThat(again.getString("message")).contains("already at version");
  }

  @Test
  void eventsStreamEveryChangeUntilTheEnd() {
    JsonPath store = createStore(Map.of("type", "managed-mysql"));
    String body =
        asAdmin()
            .accept("text/event-stream")
            .get("/api/v1/provision/" + store.getString("provisioningJobId") + "/events")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<JsonPath> events = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data:")) {
        events.add(JsonPath.from(line.substring(5).trim()));
      }
    }
    assertThat(events).hasSizeGreaterThan(1);
    assertThat(events.stream().map(e -> e.getInt("progress")).toList()).isSorted();
    JsonPath last = events.get(events.size() - 1);
    assertThat(last.getString("status")).isEqualTo("succeeded");
    assertThat(last.getInt("progress")).isEqualTo(100);
    assertThat(last.getInt("tablesCreated")).isEqualTo(last.getInt("totalTables"));
    assertThat(last.getList("steps")).isNotEmpty();
  }

  @Test
  void anIdempotencyKeyReturnsTheFirstJobAndASecondRequestGets409() {
    String storeId = TestCallers.newStore();
    Map<String, Object> request = new HashMap<>();
    request.put("storeId", storeId);
    request.put("databaseType", "postgresql");
    request.put("config", DatabaseOptions.unreachable());
    String key = UUID.randomUUID().toString();
    String first =
        provision(request, key)
            .then()
            .statusCode(202)
            .header("Location", containsString("/api/v1/provision/"))
            .body("status", equalTo("provisioning"))
            .extract()
            .path("jobId");
    provision(request, key).then().statusCode(202).body("jobId", equalTo(first));
    provision(request, null)
        .then()
        .statusCode(409)
        .body("code", equalTo("job-already-active"))
        .body("detail", containsString(first));
    ProvisioningEndToEndTest.awaitEnd(first);
    provision(request, key).then().statusCode(202).body("jobId", equalTo(first));
    asAdmin().get("/api/v1/stores/" + storeId).then().body("provisioningJobId", equalTo(first));
  }

  @Test
  void unknownJobIs404() {
    asAdmin().get("/api/v1/provision/" + UUID.randomUUID() + "/status").then().statusCode(404);
    asAdmin().get("/api/v1/provision/not-a-uuid/status").then().statusCode(404);
  }

  @Test
  void testingAConnectionReportsClashesAndSavesNothing() throws Exception {
    TestDatabase db = TestDatabases.postgres().createDatabase("probe");
    existing.add(db);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE categories (id INTEGER PRIMARY KEY)");
      s.execute("CREATE TABLE my_own (id INTEGER PRIMARY KEY)");
    }
    asAdmin()
        .contentType(ContentType.JSON)
        .body(DatabaseOptions.existing(db, db.password()))
        .post("/api/v1/databases/test")
        .then()
        .statusCode(200)
        .body("ok", equalTo(false))
        .body("serverVersion", containsString("PostgreSQL"))
        .body("existingTables", org.hamcrest.Matchers.hasItems("categories", "my_own"))
        .body("clashes[0].table", equalTo("categories"));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(DatabaseOptions.unreachable())
        .post("/api/v1/databases/test")
        .then()
        .statusCode(503)
        .body("code", equalTo("database-unreachable"));
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("type", "managed-postgresql"))
        .post("/api/v1/databases/test")
        .then()
        .statusCode(400);
  }

  @Test
  void databaseServersListRegisterAndDrain() {
    JsonPath list =
        asAdmin().get("/api/v1/database-servers").then().statusCode(200).extract().jsonPath();
    assertThat(list.getList("name")).contains("default-postgresql", "default-mysql");
    assertThat(list.getInt("find { it.name == 'default-postgresql' }.capacityLeft")).isPositive();
    String name = "extra-" + UUID.randomUUID().toString().substring(0, 6);
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("engine", "postgresql");
    body.put("host", "localhost");
    body.put("port", 5432);
    body.put("adminUsername", "postgres");
    body.put("adminPassword", "secret-pw");
    body.put("maxStores", 1);
    io.restassured.response.Response registered =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/api/v1/database-servers")
            .then()
            .statusCode(201)
            .body("adminPassword", org.hamcrest.Matchers.nullValue())
            .body("capacityLeft", equalTo(1))
            .extract()
            .response();
    String id = registered.path("id");
    assertThat(registered.header("Location")).endsWith("/api/v1/database-servers/" + id);
    asAdmin()
        .get(registered.header("Location"))
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("name", equalTo(name))
        .body("status", equalTo("active"))
        .body("stores", equalTo(0))
        .body("capacityLeft", equalTo(1))
        .body("adminPassword", org.hamcrest.Matchers.nullValue());
    for (String unknown : List.of(UUID.randomUUID().toString(), "not-a-server")) {
      asAdmin()
          .get("/api/v1/database-servers/" + unknown)
          .then()
          .statusCode(404)
          .body("code", equalTo("database-server-not-found"));
    }
    asAdmin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/database-servers")
        .then()
        .statusCode(409)
        .body("code", equalTo("database-server-exists"));
    asAdmin()
        .post("/api/v1/database-servers/" + id + "/drain")
        .then()
        .statusCode(200)
        .body("status", equalTo("draining"));
  }

  private static io.restassured.response.Response deprovision(String storeId, Map<String, ?> body) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/stores/" + storeId + "/deprovision");
  }

  private static io.restassured.response.Response provision(Map<String, ?> body, String key) {
    var request = asAdmin().contentType(ContentType.JSON).body(body);
    if (key != null) {
      request = request.header("Idempotency-Key", key);
    }
    return request.post("/api/v1/provision");
  }

  private static JsonPath createStore(Map<String, Object> database) {
    return TestCallers.newStore("Lifecycle store", "lc", database);
  }

  private static Connection connectAs(String role) throws SQLException {
    var server = TestDatabases.postgres();
    return DriverManager.getConnection(server.jdbcUrl(role), role, "irrelevant");
  }

  private static int pgCount(String sql, String name) throws SQLException {
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        var s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
