package io.storeplane.api.connect;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.connect.StoreRows.category;
import static io.storeplane.api.connect.StoreRows.order;
import static io.storeplane.api.connect.StoreRows.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestPlans;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plan limits on the store data API, through the REST API, on a managed PostgreSQL store and a
 * managed MariaDB store: each store is put on a small plan made for the test (SQL on the master),
 * so the write at a hard limit succeeds and the next is refused with 402 {@code
 * plan-limit-exceeded} naming the limit, the plan, the usage and the limit; a soft limit lets it
 * through; storage is judged by the last usage row the rollup wrote, and the 402 and the usage API
 * agree at its boundary.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanLimitsTest {

  private static final long MIB = 1024L * 1024L;

  @Inject DataSource master;
  @Inject ConnectionManager connections;

  private String hardPlan;
  private String softPlan;

  /**
   * Stores by engine, then by role: {@code hard} (storage 1 byte short of its limit), {@code full}
   * (storage at its limit), {@code over} (1 byte over it), {@code soft}.
   */
  private final Map<String, Map<String, String>> stores = new HashMap<>();

  @BeforeAll
  void plans() throws Exception {
    DriverClassLoaderGuard.installTestPolicy();
    hardPlan = TestPlans.create(master, "HARD", 3, 2, 5);
    softPlan = TestPlans.create(master, "SOFT", 1, 1, 1);
  }

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void theProductAtTheLimitIsCreatedAndTheNextRefusedWith402(String engine) throws Exception {
    String store = stores(engine).get("hard");
    String token = TestCallers.tokenForStore(store);

    for (int i = 1; i <= 3; i++) {
      assertThat(insert(token, store, "products", product()).statusCode())
          .as("product %d of 3", i)
          .isEqualTo(201);
    }
    Response refused = insert(token, store, "products", product());

    refusedBy(refused, "products", hardPlan, 3, 3);
    assertThat(refused.jsonPath().getString("detail"))
        .isEqualTo(
            "The store's plan '%s' allows 3 products and the store has 3: a new product would"
                + " pass this hard limit. Delete products or move the store to a larger plan.",
            hardPlan);
    assertThat(insert(null, store, "products", product()).statusCode())
        .as("a platform caller's write is held to the store's plan too")
        .isEqualTo(402);
    assertThat(rows(store, "products")).as("nothing refused was stored").isEqualTo(3);
    assertThat(insert(token, store, "categories", category()).statusCode())
        .as("other tables are not held to the products limit")
        .isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void ordersAreCountedPerCalendarMonth(String engine) throws Exception {
    String store = stores(engine).get("hard");
    String token = TestCallers.tokenForStore(store);
    Instant lastMonth =
        LocalDate.now(ZoneOffset.UTC)
            .withDayOfMonth(1)
            .minusDays(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
    Map<String, Object> earlier = order();
    earlier.put("created_at", lastMonth.toString());
    RowTimes.refused(insert(token, store, "orders", earlier), "created_at");
    // A store's history (an order of last month) is laid out through the in-process table API.
    connections.forStore(UUID.fromString(store)).tables().insert("orders", earlier);

    assertThat(insert(token, store, "orders", order()).statusCode()).isEqualTo(201);
    assertThat(insert(token, store, "orders", order()).statusCode())
        .as("the second order this month: last month's does not count")
        .isEqualTo(201);
    Response refused = insert(token, store, "orders", order());

    refusedBy(refused, "ordersPerMonth", hardPlan, 2, 2);
    assertThat(refused.jsonPath().getString("detail"))
        .contains("'" + hardPlan + "' allows 2 orders per calendar month (UTC)")
        .contains("has created 2 this month");
    assertThat(rows(store, "orders")).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void aRowsTimesAreTheDatabasesAndNoBodySetsThem(String engine) throws Exception {
    RowTimes.check(stores(engine).get("soft"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void anyInsertIsRefusedWhileTheLastRolledUpStorageIsAtTheLimit(String engine) throws Exception {
    String store = stores(engine).get("full");
    String token = TestCallers.tokenForStore(store);
    int seeded = rows(store, "categories");

    Response refused = insert(token, store, "categories", category());

    refusedBy(refused, "storageMb", hardPlan, 5, 5);
    assertThat(refused.jsonPath().getString("detail"))
        .isEqualTo(
            "The store's plan '%s' allows 5 MB of storage and the store used 5 MB at its last"
                + " usage rollup: no row can be added while storage is at or over this hard limit."
                + " Free space or move the store to a larger plan.",
            hardPlan);
    assertThat(rows(store, "categories"))
        .as("reads still answer; nothing was added")
        .isEqualTo(seeded);
    refusedBy(insert(token, store, "products", product()), "storageMb", hardPlan, 5, 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void the402AndTheUsageApiAgreeAtTheStorageBoundary(String engine) throws Exception {
    Map<String, String> ids = stores(engine);

    // 1 byte short of the limit of 5 MiB: 4 MiB shown, and writes pass.
    Map<String, Object> below = storageLimit(ids.get("hard"));
    assertThat(below).containsEntry("usage", 4).containsEntry("limit", 5);
    assertThat(below.get("percent")).isEqualTo(80.0f);
    String token = TestCallers.tokenForStore(ids.get("hard"));
    assertThat(insert(token, ids.get("hard"), "categories", category()).statusCode())
        .isEqualTo(201);

    // Exactly 5 MiB, and 5 MiB and 1 byte: 5 MiB shown, at the limit, and writes refused at 5.
    for (String role : List.of("full", "over")) {
      Map<String, Object> at = storageLimit(ids.get(role));
      assertThat(at)
          .as(role)
          .containsEntry("usage", 5)
          .containsEntry("limit", 5)
          .containsEntry("nearLimit", true);
      assertThat(at.get("percent")).as(role).isEqualTo(100.0f);
      String own = TestCallers.tokenForStore(ids.get(role));
      refusedBy(insert(own, ids.get(role), "categories", category()), "storageMb", hardPlan, 5, 5);
    }
  }

  /** The storage entry of the store's limits in the usage API: usage, limit, percent, ... */
  private static Map<String, Object> storageLimit(String store) {
    return asAdmin()
        .get("/api/v1/stores/" + store + "/usage")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("limits.find { it.name == 'storageMb' }");
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mysql"})
  void softLimitsLetWritesThrough(String engine) throws Exception {
    String store = stores(engine).get("soft");
    String token = TestCallers.tokenForStore(store);

    for (int i = 1; i <= 3; i++) {
      assertThat(insert(token, store, "products", product()).statusCode())
          .as("product %d on a soft limit of 1, with storage over its soft limit", i)
          .isEqualTo(201);
      assertThat(insert(token, store, "orders", order()).statusCode())
          .as("order %d on a soft limit of 1", i)
          .isEqualTo(201);
    }
    assertThat(rows(store, "products")).isEqualTo(3);
  }

  @Test
  void thePlansApiShowsWhetherEachLimitIsHardOrSoft() {
    JsonPath plans = asAdmin().get("/api/v1/plans").then().statusCode(200).extract().jsonPath();
    String path = "find { it.code == '%s' }";

    assertThat(plans.getMap(path.formatted(softPlan) + ".limitModes"))
        .isEqualTo(
            Map.of(
                "products",
                "SOFT",
                "ordersPerMonth",
                "SOFT",
                "storage",
                "SOFT",
                "apiCallsPerDay",
                "HARD"));
    assertThat(plans.getMap(path.formatted(hardPlan) + ".limitModes"))
        .containsEntry("products", "HARD")
        .containsEntry("storage", "HARD");
    assertThat(plans.getInt(path.formatted(hardPlan) + ".maxProducts")).isEqualTo(3);
  }

  /** The stores of one engine, provisioned on first use (all three at once). */
  private Map<String, String> stores(String engine) throws Exception {
    if (stores.containsKey(engine)) {
      return stores.get(engine);
    }
    Map<String, Object> database = Map.of("type", "managed-" + engine);
    Map<String, JsonPath> created = new HashMap<>();
    created.put("hard", TestPlans.newStore(hardPlan, database));
    created.put("full", TestPlans.newStore(hardPlan, database));
    created.put("over", TestPlans.newStore(hardPlan, database));
    created.put("soft", TestPlans.newStore(softPlan, database));
    Map<String, String> ids = new HashMap<>();
    for (Map.Entry<String, JsonPath> store : created.entrySet()) {
      JsonPath done =
          JobPolling.awaitEnd(store.getValue().getString("provisioningJobId"), status -> {});
      assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
      ids.put(store.getKey(), store.getValue().getString("id"));
    }
    // Written before any write to these stores, so their first write reads them.
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    usage(ids.get("hard"), today.minusDays(1), 5 * MIB - 1, true);
    usage(ids.get("full"), today.minusDays(1), 5 * MIB, true);
    usage(ids.get("over"), today.minusDays(1), 5 * MIB + 1, true);
    // What the API-call meter writes today, without a storage figure: it must not hide the above.
    usage(ids.get("full"), today, 0, false);
    usage(ids.get("soft"), today.minusDays(1), 2 * MIB, true);
    stores.put(engine, ids);
    return ids;
  }

  /** A usage row as the rollup ({@code rolledUp}) or the API-call meter alone writes it. */
  private void usage(String store, LocalDate day, long storageBytes, boolean rolledUp)
      throws Exception {
    try (Connection connection = master.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO usage_metrics (store_id, metric_date, api_calls, storage_bytes,"
                    + " storage_mb, rolled_up_at, updated_at)"
                    + " VALUES (?, ?, 7, ?, ?, CASE WHEN ? THEN now() END, now())")) {
      insert.setObject(1, UUID.fromString(store));
      insert.setObject(2, day);
      insert.setLong(3, storageBytes);
      // Rounded up, as rows rolled up before the one storage rule hold it: readers go by the bytes.
      insert.setLong(4, (storageBytes + MIB - 1) / MIB);
      insert.setBoolean(5, rolledUp);
      insert.executeUpdate();
    }
  }

  private static void refusedBy(Response refused, String limit, String plan, long usage, long max) {
    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(402);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    JsonPath problem = refused.jsonPath();
    assertThat(problem.getString("type")).isEqualTo("urn:storeplane:problem:plan-limit-exceeded");
    assertThat(problem.getString("code")).isEqualTo("plan-limit-exceeded");
    assertThat(problem.getMap("limit"))
        .isEqualTo(Map.of("name", limit, "plan", plan, "usage", (int) usage, "limit", (int) max));
  }

  /** Inserts with the store's token, or as the admin when {@code token} is null. */
  private static Response insert(
      String token, String store, String table, Map<String, Object> row) {
    return (token == null ? asAdmin() : as(token))
        .contentType(ContentType.JSON)
        .body(row)
        .post("/api/v1/stores/" + store + "/data/" + table)
        .then()
        .extract()
        .response();
  }

  private static int rows(String store, String table) {
    return asAdmin()
        .queryParam("count", "true")
        .queryParam("limit", "1")
        .get("/api/v1/stores/" + store + "/data/" + table)
        .then()
        .statusCode(200)
        .extract()
        .path("total");
  }
}
