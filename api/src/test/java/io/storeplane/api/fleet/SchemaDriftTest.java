package io.storeplane.api.fleet;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.provisioning.ProxiedStore;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.fleet.drift.DriftScanKind;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.StoreJdbc;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drift through the REST API on real PostgreSQL and MariaDB stores: a fresh store is clean; after a
 * manual ALTER TABLE (a dropped column, a changed type, a dropped index) and a table of the store's
 * own, the report names exactly those three differences and lists the table apart; a store whose
 * database went away answers 503 and is recorded unreachable; the scan job records every store;
 * viewers read, store tokens are refused.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaDriftTest {

  enum Backend {
    POSTGRESQL(
        Map.of("type", "managed-postgresql"),
        List.of(
            "ALTER TABLE categories DROP COLUMN description",
            "ALTER TABLE cms_pages ALTER COLUMN title TYPE TEXT",
            "DROP INDEX ix_products_status_published",
            "CREATE TABLE merchant_notes (id INTEGER PRIMARY KEY, note TEXT)")),
    MYSQL(
        Map.of("type", "managed-mysql"),
        List.of(
            "ALTER TABLE categories DROP COLUMN description",
            "ALTER TABLE cms_pages MODIFY title TEXT NOT NULL",
            "DROP INDEX ix_products_status_published ON products",
            "CREATE TABLE merchant_notes (id INTEGER PRIMARY KEY, note TEXT)"));

    private final Map<String, Object> option;
    private final List<String> drift;

    Backend(Map<String, Object> option, List<String> drift) {
      this.option = option;
      this.drift = drift;
    }
  }

  @Inject ConnectionManager connections;
  @Inject JobStore jobs;

  private final Map<Backend, String> stores = new EnumMap<>(Backend.class);
  private ProxiedStore downStore;

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterAll
  void close() {
    if (downStore != null) {
      downStore.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFreshStoreIsCleanAndManualAltersAreReportedPrecisely(Backend backend) {
    String store = provision(backend, "drift");

    JsonPath clean = schema(store, 200);
    assertThat(clean.getString("state")).isEqualTo("clean");
    assertThat(clean.getInt("version")).isEqualTo(ClientSchema.currentVersion());
    assertThat(clean.getString("dialect"))
        .isEqualTo(backend == Backend.POSTGRESQL ? "postgresql" : "mysql");
    assertThat(clean.getList("differences")).as(clean.prettify()).isEmpty();
    assertThat(clean.getList("ownTables")).isEmpty();

    StoreJdbc jdbc = connections.forStore(UUID.fromString(store)).jdbc().orElseThrow();
    backend.drift.forEach(jdbc::update);

    JsonPath drifted = schema(store, 200);
    assertThat(drifted.getString("state")).isEqualTo("drifted");
    assertThat(drifted.getList("ownTables", String.class)).containsExactly("merchant_notes");
    List<Map<String, Object>> differences = drifted.getList("differences");
    assertThat(differences).as(drifted.prettify()).hasSize(3);
    assertThat(difference(differences, "column", "description"))
        .containsEntry("table", "categories")
        .containsEntry("change", "missing")
        .containsEntry("expected", "TEXT NULL")
        .containsEntry("actual", "absent")
        .containsEntry("repairable", false);
    assertThat(difference(differences, "column", "title"))
        .containsEntry("table", "cms_pages")
        .containsEntry("change", "different")
        .containsEntry("expected", "STRING NOT NULL");
    assertThat(difference(differences, "column", "title").get("actual").toString())
        .startsWith("TEXT NOT NULL");
    assertThat(difference(differences, "index", "ix_products_status_published"))
        .containsEntry("table", "products")
        .containsEntry("change", "missing")
        .containsEntry("expected", "(status, published_at)")
        .containsEntry("repairable", true);

    JsonPath report =
        asAdmin()
            .queryParam("state", "drifted")
            .queryParam("size", 200)
            .get("/api/v1/fleet/drift")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(report.getList("items.storeId", String.class)).contains(store);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRepairCreatesADroppedIndexOnlyWhenConfirmed(Backend backend) {
    String store = provision(backend, "repair");
    String label = "index products.ix_products_status_published";
    repair(store, List.of(label), 409, "nothing-to-repair");

    StoreJdbc jdbc = connections.forStore(UUID.fromString(store)).jdbc().orElseThrow();
    jdbc.update(backend.drift.get(2)); // the dropped index

    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of())
        .post("/api/v1/stores/{id}/schema/repairs", store)
        .then()
        .statusCode(400)
        .body("code", org.hamcrest.Matchers.equalTo("validation-failed"));
    JsonPath refused =
        repair(
            store,
            List.of("index products.ix_products_category_status"),
            400,
            "repair-not-confirmed");
    assertThat(refused.getString("detail")).contains(label);
    assertThat(schema(store, 200).getString("state")).as("nothing was done").isEqualTo("drifted");

    JsonPath repaired = repair(store, List.of(label), 200, null);
    assertThat(repaired.getList("created", String.class)).containsExactly(label);
    assertThat(repaired.getString("schema.state")).isEqualTo("clean");
    assertThat(schema(store, 200).getList("differences")).isEmpty();
  }

  @Test
  void viewersReadAndStoreTokensAreRefused() {
    String store = stores.computeIfAbsent(Backend.POSTGRESQL, b -> provision(b, "drift"));
    String viewer = TestCallers.tokenForNewUser("viewer");
    as(viewer).get("/api/v1/stores/{id}/schema", store).then().statusCode(200);
    as(viewer).get("/api/v1/fleet/drift").then().statusCode(200);
    as(viewer)
        .contentType(ContentType.JSON)
        .body(Map.of("confirm", List.of("index products.ix_products_status_published")))
        .post("/api/v1/stores/{id}/schema/repairs", store)
        .then()
        .statusCode(403);
    String own = TestCallers.tokenForStore(store);
    as(own).get("/api/v1/stores/{id}/schema", store).then().statusCode(403);
    as(own).get("/api/v1/fleet/drift").then().statusCode(403);
  }

  @Test
  void unknownStoresAndBadFiltersAreClearProblems() {
    asAdmin()
        .get("/api/v1/stores/{id}/schema", UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("code", org.hamcrest.Matchers.equalTo("store-not-found"));
    asAdmin()
        .get("/api/v1/stores/{id}/schema", "not-a-uuid")
        .then()
        .statusCode(404)
        .body("code", org.hamcrest.Matchers.equalTo("store-not-found"));
    asAdmin()
        .queryParam("state", "broken")
        .get("/api/v1/fleet/drift")
        .then()
        .statusCode(400)
        .body("code", org.hamcrest.Matchers.equalTo("validation-failed"));
    String noDatabase = TestCallers.newStore();
    asAdmin()
        .get("/api/v1/stores/{id}/schema", noDatabase)
        .then()
        .statusCode(409)
        .body("code", org.hamcrest.Matchers.equalTo("store-has-no-database"));
  }

  @Test
  void aSuspendedStoreIsAClearConflict() {
    String store = provision(Backend.POSTGRESQL, "suspended");
    asAdmin().post("/api/v1/stores/{id}/suspend", store).then().statusCode(200);
    Response response = asAdmin().get("/api/v1/stores/{id}/schema", store);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
    assertThat(response.jsonPath().getString("code")).isEqualTo("store-database-suspended");
  }

  @Test
  void aStoreWhoseDatabaseIsDownIsA503AndRecordedUnreachable() throws Exception {
    downStore = new ProxiedStore("driftdown");
    String down = downStore.id();
    assertThat(schema(down, 200).getString("state")).isEqualTo("clean");
    downStore.goDown();

    Response response = asAdmin().get("/api/v1/stores/{id}/schema", down);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
    assertThat(response.jsonPath().getString("code")).isEqualTo("store-database-unavailable");

    JsonPath report =
        asAdmin()
            .queryParam("state", "unreachable")
            .queryParam("size", 200)
            .get("/api/v1/fleet/drift")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> row = item(report, down);
    assertThat(row).containsEntry("state", "unreachable").containsEntry("version", null);
    assertThat(row).containsEntry("errorCode", "store-database-unavailable");
  }

  @Test
  void theScanRecordsEveryActiveStore() {
    String first = provision(Backend.POSTGRESQL, "scan");
    String second = provision(Backend.MYSQL, "scan");
    Instant before = Instant.now().minusSeconds(1);

    jobs.enqueue(NewJob.of(DriftScanKind.NAME), Instant.now());

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              JsonPath report =
                  asAdmin()
                      .queryParam("state", "clean")
                      .queryParam("size", 200)
                      .get("/api/v1/fleet/drift")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              for (String store : List.of(first, second)) {
                Map<String, Object> row = item(report, store);
                assertThat(row)
                    .as(store)
                    .isNotNull()
                    .containsEntry("version", ClientSchema.currentVersion());
                assertThat(Instant.parse(row.get("checkedAt").toString())).isAfter(before);
              }
            });
  }

  private static JsonPath repair(String store, List<String> confirm, int status, String code) {
    Response response =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("confirm", confirm))
            .post("/api/v1/stores/{id}/schema/repairs", store);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    if (code != null) {
      assertThat(response.jsonPath().getString("code")).isEqualTo(code);
    }
    return response.jsonPath();
  }

  private static Map<String, Object> difference(
      List<Map<String, Object>> differences, String object, String name) {
    return differences.stream()
        .filter(d -> object.equals(d.get("object")) && name.equals(d.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + object + " " + name + " in " + differences));
  }

  private static Map<String, Object> item(JsonPath report, String store) {
    List<Map<String, Object>> items = report.getList("items");
    return items.stream().filter(i -> store.equals(i.get("storeId"))).findFirst().orElse(null);
  }

  private static JsonPath schema(String store, int status) {
    Response response = asAdmin().get("/api/v1/stores/{id}/schema", store);
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    return response.jsonPath();
  }

  private static String provision(Backend backend, String slug) {
    JsonPath created = TestCallers.newStore("Drift store", slug, backend.option);
    JsonPath ended = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(ended.getString("status")).as(ended.prettify()).isEqualTo("succeeded");
    return created.getString("id");
  }
}
