package io.storeplane.api.fleet;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.fleet.FleetStores.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.provisioning.ProxiedStore;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.fleet.migrate.MigrationOutcome;
import io.storeplane.fleet.migrate.MigrationRequest;
import io.storeplane.fleet.migrate.StoreSchemaMigration;
import io.storeplane.fleet.preflight.FleetPreflight;
import io.storeplane.fleet.preflight.MigrationPreflight;
import io.storeplane.fleet.preflight.PreflightReport;
import io.storeplane.fleet.preflight.PreflightState;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.supabase.DoubleProject;
import io.storeplane.testing.supabase.ProjectScript;
import io.storeplane.testing.supabase.SupabaseDouble;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The migration preflight on real PostgreSQL 15 and MariaDB 10.11 stores and a Supabase store of
 * the double, through {@code GET /api/v1/stores/{id}/schema/preflight} and the fleet call: a clean
 * store at version 3 is ready; order lines version 4 cannot fill block it, named with their table,
 * column and count (and the migration then fails on them, as predicted); a manual ALTER TABLE is
 * flagged as drift; a store the ledger knows at the target is up to date without a connection; an
 * unreachable, an unknown and a database-less store are reported while the others are still
 * checked; {@code POST /api/v1/rollouts/preflight} over a rollout's selector names the blocked
 * store, and a rollout that requires a clean preflight is refused over it and starts without it.
 * Also the drift of a Supabase store read through the double ({@code GET /stores/{id}/schema}).
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
class MigrationPreflightTest {

  private static final String PRODUCT = "7d0c9a8e-3333-4f3e-8a51-000000000001";
  private static final String VARIANT = "7d0c9a8e-3333-4f3e-8a51-000000000002";
  private static final String ORDER = "7d0c9a8e-3333-4f3e-8a51-000000000003";

  @Inject MigrationPreflight preflight;
  @Inject StoreSchemaMigration migration;
  @Inject DataSource master;

  private final List<TestDatabase> databases = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void allowTestDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterEach
  void dropDatabases() throws Exception {
    try {
      for (AutoCloseable c : closing) {
        c.close();
      }
    } finally {
      closing.clear();
      databases.forEach(TestDatabase::close);
      databases.clear();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aCleanStoreIsReadyAndDataOrDriftThatBreaksVersionFourBlocksIt(Engine engine)
      throws Exception {
    TestDatabase db = database(engine);
    String store = storeAtVersionThree(db);
    // a line without a SKU whose variant can fill it: version 4 takes it
    execute(db, orderLine(1, "'" + VARIANT + "'"));

    JsonPath ready = preflight(store, 4, 200);
    assertThat(ready.getString("state")).as(ready.prettify()).isEqualTo("ready");
    assertThat(ready.getInt("version")).isEqualTo(3);
    assertThat(ready.getInt("ledgerVersion")).isEqualTo(3);
    assertThat(ready.getInt("targetVersion")).isEqualTo(4);
    assertThat(ready.getString("dialect"))
        .isEqualTo(engine == Engine.POSTGRESQL ? "postgresql" : "mysql");
    assertThat(ready.getString("error")).isNull();
    assertThat(ready.getString("drift.state")).isEqualTo("clean");
    assertThat(ready.getList("data")).hasSize(1);
    assertThat(ready.getMap("data[0]"))
        .containsEntry("version", 4)
        .containsEntry("rule", "not-null")
        .containsEntry("table", "order_items")
        .containsEntry("columns", List.of("sku"))
        .containsEntry("fill", "product_variants.sku via fk_order_items_variant")
        .containsEntry("rows", 0);
    assertThat(ready.getList("lockedTables.table", String.class))
        .contains("order_items", "products")
        .doesNotContain("page_analytics_daily");
    Map<String, Object> lines = locked(ready, "order_items");
    assertThat(lines.get("versions")).isEqualTo(List.of(4));
    assertThat(((Number) lines.get("bytes")).longValue()).isPositive();

    // two lines no variant can fill: the migration would stop on them
    execute(db, orderLine(2, "NULL"), orderLine(3, "NULL"));
    JsonPath blocked = preflight(store, 4, 200);
    assertThat(blocked.getString("state")).as(blocked.prettify()).isEqualTo("blocked");
    assertThat(blocked.getString("drift.state")).isEqualTo("clean");
    assertThat(blocked.getMap("data[0]"))
        .containsEntry("table", "order_items")
        .containsEntry("columns", List.of("sku"))
        .containsEntry("rows", 2);
    assertThat(preflight(store, 3, 200).getString("state"))
        .as("at the target: nothing to do")
        .isEqualTo("up-to-date");

    // as predicted, the migration refuses those lines and changes nothing the preflight reads
    var result = migration.migrate(MigrationRequest.of(UUID.fromString(store), 4));
    assertThat(result.outcome()).as(result.message()).isEqualTo(MigrationOutcome.FAILED);
    execute(db, "DELETE FROM order_items WHERE variant_id IS NULL");

    // a manual ALTER TABLE: drift, named precisely
    execute(db, "ALTER TABLE categories DROP COLUMN description");
    JsonPath drifted = preflight(store, 4, 200);
    assertThat(drifted.getString("state")).as(drifted.prettify()).isEqualTo("blocked");
    assertThat(drifted.getString("drift.state")).isEqualTo("drifted");
    assertThat(drifted.getList("drift.differences")).hasSize(1);
    assertThat(drifted.getMap("drift.differences[0]"))
        .containsEntry("object", "column")
        .containsEntry("table", "categories")
        .containsEntry("name", "description")
        .containsEntry("change", "missing");
    assertThat(drifted.getMap("data[0]")).containsEntry("rows", 0);
  }

  @Test
  void aSupabaseStoreIsReadThroughItsSqlChannel() throws Exception {
    SupabaseDouble supabase = SupabaseDoubleProfile.running();
    supabase.nextProjects(ProjectScript.healthyAfter(1));
    JsonPath created =
        TestCallers.newStore(
            "Preflight supa", "pfsupa", Map.of("type", "supabase", "create", true));
    awaitSucceeded(created);
    String store = created.getString("id");

    // drift of a Supabase store, read through the double's run-SQL channel
    JsonPath schema =
        asAdmin()
            .get("/api/v1/stores/{id}/schema", store)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(schema.getString("state")).as(schema.prettify()).isEqualTo("clean");
    assertThat(schema.getInt("version")).isEqualTo(ClientSchema.currentVersion());
    assertThat(schema.getString("dialect")).isEqualTo("postgresql");

    JsonPath upToDate = preflight(store, ClientSchema.currentVersion(), 200);
    assertThat(upToDate.getString("state")).isEqualTo("up-to-date");
    assertThat(upToDate.getString("version")).as("the ledger answered: not read").isNull();

    // the project back at version 3, with a line version 4 cannot fill
    String ref = asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("database.name");
    DoubleProject project = supabase.project(ref).orElseThrow();
    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE page_analytics_daily, product_analytics_daily");
      s.execute("ALTER TABLE order_items ALTER COLUMN sku DROP NOT NULL");
      s.execute("DELETE FROM " + ClientSchema.historyTable() + " WHERE version = '4'");
      for (String sql : seed()) {
        s.execute(sql);
      }
      s.execute(orderLine(1, "NULL"));
    }
    FleetStores.forgetLedgerAfter(master, store, 3);

    JsonPath blocked = preflight(store, 4, 200);
    assertThat(blocked.getString("state")).as(blocked.prettify()).isEqualTo("blocked");
    assertThat(blocked.getInt("version")).isEqualTo(3);
    assertThat(blocked.getString("drift.state")).isEqualTo("clean");
    assertThat(blocked.getMap("data[0]"))
        .containsEntry("table", "order_items")
        .containsEntry("rows", 1);
    assertThat(blocked.getList("lockedTables.table", String.class))
        .contains("order_items", "products");

    // the line given its variant, a rollout migrates the project through the same channel
    try (Connection c = project.database().connect();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM order_items WHERE variant_id IS NULL");
    }
    Response started = startRollout(Map.of("storeIds", List.of(store)), true);
    assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
    String rollout = started.jsonPath().getString("id");
    JsonPath done =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> asAdmin().get("/api/v1/rollouts/" + rollout).then().extract().jsonPath(),
                r -> !"running".equals(r.getString("state")));
    assertThat(done.getString("state")).as(done.prettify()).isEqualTo("completed");
    assertThat(done.getInt("counts.applied")).isEqualTo(1);
    try (Connection c = project.database().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM "
                    + ClientSchema.historyTable()
                    + " WHERE version = '4' AND success")) {
      rs.next();
      assertThat(rs.getInt(1)).as("version 4 applied once in the project").isEqualTo(1);
    }
    assertThat(preflight(store, 4, 200).getString("state")).isEqualTo("up-to-date");
  }

  @Test
  void aFleetPreflightReportsUnreachableStoresAndARolloutCanRequireItClean() throws Exception {
    TestDatabase db = database(Engine.POSTGRESQL);
    String ready = storeAtVersionThree(db);
    TestDatabase mariadb = database(Engine.MYSQL);
    String blocked = storeAtVersionThree(mariadb);
    execute(mariadb, orderLine(2, "NULL"), orderLine(3, "NULL"));
    String down = storeBehindAProxy();
    String unknown = UUID.randomUUID().toString();
    String noDatabase = TestCallers.newStore();

    FleetPreflight fleet =
        preflight.check(
            List.of(
                UUID.fromString(down),
                UUID.fromString(unknown),
                UUID.fromString(ready),
                UUID.fromString(noDatabase)),
            4);

    List<PreflightReport> reports = fleet.stores();
    assertThat(reports.stream().map(r -> r.storeId().toString()))
        .containsExactly(down, unknown, ready, noDatabase);
    assertThat(reports.get(0).state()).isEqualTo(PreflightState.UNREACHABLE);
    assertThat(reports.get(0).error().orElseThrow().code()).isEqualTo("store-database-unavailable");
    assertThat(reports.get(1).error().orElseThrow().code()).isEqualTo("store-not-found");
    assertThat(reports.get(2).state()).isEqualTo(PreflightState.READY);
    assertThat(reports.get(3).error().orElseThrow().code()).isEqualTo("store-has-no-database");
    assertThat(fleet.counts())
        .containsEntry(PreflightState.READY, 1)
        .containsEntry(PreflightState.UNREACHABLE, 3);
    assertThat(fleet.clean()).isFalse();
    assertThat(preflight.check(UUID.fromString(down), 3).state())
        .as("at the ledger's version: answered without the database, which is gone")
        .isEqualTo(PreflightState.UP_TO_DATE);

    // over HTTP, by a rollout's selector: the blocked store named with its rule and count
    Map<String, Object> three = Map.of("storeIds", List.of(ready, blocked, down));
    JsonPath report = fleetPreflight(asAdmin(), Map.of("targetVersion", 4, "selector", three), 200);
    assertThat(report.getBoolean("clean")).as(report.prettify()).isFalse();
    assertThat(report.getInt("targetVersion")).isEqualTo(4);
    assertThat(report.getMap("counts"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("ready", 1, "blocked", 1, "unreachable", 1, "up-to-date", 0));
    assertThat(report.getList("stores.storeId", String.class))
        .containsExactlyInAnyOrder(ready, blocked, down);
    String ofBlocked = "stores.find { it.storeId == '" + blocked + "' }";
    assertThat(report.getString(ofBlocked + ".state")).isEqualTo("blocked");
    assertThat(report.getString(ofBlocked + ".dialect")).isEqualTo("mysql");
    assertThat(report.getMap(ofBlocked + ".data[0]"))
        .containsEntry("table", "order_items")
        .containsEntry("columns", List.of("sku"))
        .containsEntry("rows", 2);
    assertThat(report.getString("stores.find { it.storeId == '" + ready + "' }.state"))
        .isEqualTo("ready");

    // a rollout that requires a clean preflight: refused over them, nothing recorded
    Response refused = startRollout(three, true);
    problem(refused, 409, "preflight-not-clean");
    assertThat(refused.jsonPath().getString("detail"))
        .contains("2 of 3 selected stores")
        .contains(slug(blocked) + " (blocked: order_items.sku has 2 rows version 4 would reject)")
        .contains(slug(down) + " (unreachable: store-database-unavailable)")
        .doesNotContain(slug(ready));
    assertThat(rolloutsSelecting(blocked)).as("no rollout was recorded").isEmpty();

    // without the stores that are not clean it starts, and migrates the ready one
    Map<String, Object> clean =
        Map.of(
            "storeIds", List.of(ready, blocked, down), "excludedStoreIds", List.of(blocked, down));
    Response started = startRollout(clean, true);
    assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
    String rollout = started.jsonPath().getString("id");
    assertThat(rolloutsSelecting(blocked)).containsExactly(rollout);
    JsonPath done =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> asAdmin().get("/api/v1/rollouts/" + rollout).then().extract().jsonPath(),
                r -> !"running".equals(r.getString("state")));
    assertThat(done.getString("state")).as(done.prettify()).isEqualTo("completed");
    assertThat(done.getBoolean("requireCleanPreflight")).as("the gate it passed is kept").isTrue();
    assertThat(done.getInt("counts.total")).isEqualTo(1);
    assertThat(done.getInt("counts.applied")).isEqualTo(1);

    // now at the target: up to date, and up to date is clean
    JsonPath after =
        fleetPreflight(
            asAdmin(),
            Map.of("targetVersion", 4, "selector", Map.of("storeIds", List.of(ready))),
            200);
    assertThat(after.getBoolean("clean")).as(after.prettify()).isTrue();
    assertThat(after.getInt("counts.up-to-date")).isEqualTo(1);
    assertThat(after.getString("stores[0].state")).isEqualTo("up-to-date");
  }

  @Test
  void badVersionsUnknownStoresAndRolesAreClearAnswers() {
    String noDatabase = TestCallers.newStore();
    String any = UUID.randomUUID().toString();
    problem(asAdmin().get("/api/v1/stores/{id}/schema/preflight", any), 400, "validation-failed");
    problem(
        asAdmin()
            .queryParam("targetVersion", "four")
            .get("/api/v1/stores/{id}/schema/preflight", any),
        400,
        "validation-failed");
    problem(
        asAdmin()
            .queryParam("targetVersion", 99)
            .get("/api/v1/stores/{id}/schema/preflight", noDatabase),
        400,
        "unknown-schema-version");
    problem(
        asAdmin().queryParam("targetVersion", 4).get("/api/v1/stores/{id}/schema/preflight", any),
        404,
        "store-not-found");
    problem(
        asAdmin()
            .queryParam("targetVersion", 4)
            .get("/api/v1/stores/{id}/schema/preflight", "not-a-uuid"),
        404,
        "store-not-found");
    problem(
        asAdmin()
            .queryParam("targetVersion", 4)
            .get("/api/v1/stores/{id}/schema/preflight", noDatabase),
        409,
        "store-has-no-database");

    String viewer = TestCallers.tokenForNewUser("viewer");
    problem(
        as(viewer)
            .queryParam("targetVersion", 4)
            .get("/api/v1/stores/{id}/schema/preflight", noDatabase),
        409,
        "store-has-no-database");
    as(TestCallers.tokenForStore(noDatabase))
        .queryParam("targetVersion", 4)
        .get("/api/v1/stores/{id}/schema/preflight", noDatabase)
        .then()
        .statusCode(403);

    // the fleet's preflight: bad bodies and selectors, as POST /rollouts answers them
    Map<String, Object> none = Map.of("storeIds", List.of(noDatabase));
    problem(fleetPreflightRaw(asAdmin(), "{}"), 400, "validation-failed");
    problem(fleetPreflightRaw(asAdmin(), "{\"targetVersion\": 4,"), 400, "malformed-request");
    problem(
        fleetPreflightRaw(asAdmin(), "{\"targetVersion\": 4, \"selector\": {\"storeIds\": 7}}"),
        400,
        "malformed-request");
    problem(
        fleetPreflightRaw(
            asAdmin(), "{\"targetVersion\": 4, \"selector\": {\"storeIds\": [null]}}"),
        400,
        "validation-failed");
    problem(
        fleetPreflightResponse(asAdmin(), Map.of("targetVersion", 99, "selector", none)),
        400,
        "unknown-schema-version");
    problem(
        fleetPreflightResponse(
            asAdmin(),
            Map.of("targetVersion", 4, "selector", Map.of("plans", List.of("no-such-plan")))),
        400,
        "rollout-invalid");
    problem(
        fleetPreflightResponse(
            asAdmin(), Map.of("targetVersion", 4, "selector", Map.of("storeIds", List.of(any)))),
        400,
        "rollout-invalid");
    problem(
        fleetPreflightResponse(asAdmin(), Map.of("targetVersion", 4, "selector", none)),
        400,
        "rollout-selects-no-store");
    problem(
        fleetPreflightResponse(as(viewer), Map.of("targetVersion", 4, "selector", none)),
        400,
        "rollout-selects-no-store");
    fleetPreflightResponse(
            as(TestCallers.tokenForStore(noDatabase)), Map.of("targetVersion", 4, "selector", none))
        .then()
        .statusCode(403);
    // only POST is the preflight: a GET is GET /rollouts/{id}, and "preflight" is no rollout id
    problem(asAdmin().get("/api/v1/rollouts/preflight"), 404, "rollout-not-found");
    Map<String, Object> rollout = rolloutBody(none, true);
    rollout.put("requireCleanPreflight", "yes");
    problem(
        asAdmin().contentType(ContentType.JSON).body(rollout).post("/api/v1/rollouts"),
        400,
        "malformed-request");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static JsonPath preflight(String store, int target, int status) {
    Response response =
        asAdmin()
            .queryParam("targetVersion", target)
            .get("/api/v1/stores/{id}/schema/preflight", store);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    return response.jsonPath();
  }

  private static JsonPath fleetPreflight(
      RequestSpecification caller, Map<String, Object> body, int status) {
    Response response = fleetPreflightResponse(caller, body);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    return response.jsonPath();
  }

  private static Response fleetPreflightResponse(
      RequestSpecification caller, Map<String, Object> body) {
    return caller.contentType(ContentType.JSON).body(body).post("/api/v1/rollouts/preflight");
  }

  private static Response fleetPreflightRaw(RequestSpecification caller, String body) {
    return caller.contentType(ContentType.JSON).body(body).post("/api/v1/rollouts/preflight");
  }

  private static Map<String, Object> rolloutBody(Map<String, Object> selector, boolean clean) {
    Map<String, Object> body = new HashMap<>();
    body.put("targetVersion", 4);
    body.put("selector", selector);
    body.put("waves", List.of(Map.of("percent", 100, "parallelism", 1)));
    body.put("maxFailureRate", 0);
    body.put("onFailure", "pause");
    body.put("requireCleanPreflight", clean);
    return body;
  }

  private static Response startRollout(Map<String, Object> selector, boolean clean) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(rolloutBody(selector, clean))
        .post("/api/v1/rollouts");
  }

  /** The ids of the recent rollouts whose selector names {@code store}. */
  private static List<String> rolloutsSelecting(String store) {
    return asAdmin()
        .queryParam("size", 200)
        .get("/api/v1/rollouts")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.findAll { it.selector.storeIds.contains('" + store + "') }.id");
  }

  private static String slug(String store) {
    return asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("slug");
  }

  private static void problem(Response response, int status, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
  }

  private static Map<String, Object> locked(JsonPath report, String table) {
    List<Map<String, Object>> tables = report.getList("lockedTables");
    return tables.stream().filter(t -> table.equals(t.get("table"))).findFirst().orElseThrow();
  }

  private TestDatabase database(Engine engine) {
    TestDatabase db = TestDatabases.server(engine).createDatabase("preflight");
    databases.add(db);
    return db;
  }

  private static void awaitSucceeded(JsonPath created) {
    JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
  }

  /**
   * A store as version 3 left it: its existing database provisioned, then rebuilt at version 3 and
   * the ledger's rows after 3 removed, with a product, a variant and an order.
   */
  private String storeAtVersionThree(TestDatabase db) throws Exception {
    String store =
        FleetStores.connectedAt(db, 3, master, "Preflight store", "pflt").getString("id");
    execute(db, seed().toArray(String[]::new));
    return store;
  }

  private static List<String> seed() {
    return List.of(
        "INSERT INTO products (id, title, slug, status) VALUES ('"
            + PRODUCT
            + "', 'Tee', 'tee', 'active')",
        "INSERT INTO product_variants (id, product_id, sku, title, price, options) VALUES ('"
            + VARIANT
            + "', '"
            + PRODUCT
            + "', 'SKU-1', 'M', 10, '{}')",
        "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total) VALUES ('"
            + ORDER
            + "', 'N-1', 'a@b.example', 'EUR', 10, 10)");
  }

  private static String orderLine(int n, String variant) {
    return "INSERT INTO order_items (id, order_id, variant_id, title, quantity, unit_price,"
        + " line_total) VALUES ('7d0c9a8e-3333-4f3e-8a51-00000000010"
        + n
        + "', '"
        + ORDER
        + "', "
        + variant
        + ", 'Tee', 1, 10, 10)";
  }

  /** A PostgreSQL store behind a proxy that is then closed, its ledger back at version 3. */
  private String storeBehindAProxy() throws Exception {
    ProxiedStore store = new ProxiedStore("pfdown");
    closing.add(store);
    FleetStores.forgetLedgerAfter(master, store.id(), 3);
    store.goDown();
    return store.id();
  }
}
