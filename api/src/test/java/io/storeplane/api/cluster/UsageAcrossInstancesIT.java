package io.storeplane.api.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.process.AppProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Usage across packaged instances (issue 17), on one cluster of two instances with a 1 s metering
 * flush and a plan-limit usage cache of an hour (so no recount blurs the limit's bound):
 *
 * <ul>
 *   <li>calls spread over the two instances are counted exactly once each after both flush; the
 *       daily API quota holds across them within the documented bound;
 *   <li>a hard limit: each instance holds it exactly by its own count, and the store can pass it by
 *       what the other instance created after that count, never more (the overshoot docs/usage.md
 *       gives, made to happen);
 *   <li>a graceful stop flushes what was counted since the last flush (a third instance, started on
 *       the same master with a flush interval of an hour).
 * </ul>
 */
class UsageAcrossInstancesIT {

  private static ControlPlaneCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster =
        ControlPlaneCluster.start(
            2,
            Map.of(
                "STOREPLANE_METERING_FLUSH_INTERVAL", "1s", "STOREPLANE_LIMITS_USAGE_CACHE", "1H"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void callsSpreadOverTwoInstancesAreCountedExactlyAndTheQuotaHoldsWithinItsBound()
      throws Exception {
    AppProcess first = cluster.instance(0);
    AppProcess second = cluster.instance(1);
    String store = newStore(cluster, first);
    String token = storeToken(cluster, first, store);

    int ok = 40;
    int refusedByTheStore = 20;
    for (int i = 0; i < ok + refusedByTheStore; i++) {
      AppProcess instance = i % 2 == 0 ? first : second;
      if (i < ok) {
        as(token, instance).get("/api/v1/stores/" + store).then().statusCode(200);
      } else {
        // 409 store-not-connected: a client error, still a call.
        as(token, instance)
            .get("/api/v1/stores/" + store + "/data/categories")
            .then()
            .statusCode(409);
      }
    }
    int calls = ok + refusedByTheStore;
    TestDatabase master = cluster.master();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> number(master, "api_calls", store, today) == calls);
    assertThat(number(master, "client_errors", store, today)).isEqualTo(refusedByTheStore);
    assertThat(number(master, "server_errors", store, today)).isZero();
    assertThat(histogramTotal(master, store, today)).isEqualTo(calls);

    // The quota across the two instances: calls paced at one per 100 ms, taking turns, so each
    // instance takes at most 5 per second. Bound (docs/usage.md): (N - 1) x the calls one
    // instance takes in a flush interval plus a cache age = 1 x 5 x (1 s + 1 s) = 10.
    int quota = 12;
    String limited = newStore(cluster, first);
    String plan = "q-" + UUID.randomUUID().toString().substring(0, 8);
    execute(
        master,
        "INSERT INTO plans (code, name, monthly_price, yearly_price, max_api_calls_per_day,"
            + " is_active) VALUES (?, 'Quota', 0, 0, ?, FALSE)",
        plan,
        quota);
    execute(master, "UPDATE stores SET plan_code = ? WHERE id = ?::uuid", plan, limited);
    String limitedToken = storeToken(cluster, first, limited);
    int admitted = 0;
    int refusedInARow = 0;
    for (int i = 0; refusedInARow < 8; i++) {
      AppProcess instance = i % 2 == 0 ? first : second;
      int status = as(limitedToken, instance).get("/api/v1/stores/" + limited).statusCode();
      assertThat(status).isIn(200, 429);
      if (status == 200) {
        admitted++;
        refusedInARow = 0;
      } else {
        refusedInARow++;
      }
      Thread.sleep(100); // pacing, not waiting: the bound below follows from this rate
    }
    assertThat(admitted).isBetween(quota, quota + 10);
    int counted = admitted;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> number(master, "api_calls", limited, today) == counted);
    // Both instances flushed many times since the first store's calls: none was added twice.
    assertThat(number(master, "api_calls", store, today)).isEqualTo(calls);
  }

  @Test
  void aLimitIsPassedByAtMostWhatTheOtherInstanceCreatedSinceThisOnesCount() throws Exception {
    AppProcess first = cluster.instance(0);
    AppProcess second = cluster.instance(1);
    String plan = "lim-it-" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection master = cluster.master().connect();
        PreparedStatement insert =
            master.prepareStatement(
                "INSERT INTO plans (code, name, monthly_price, yearly_price, max_products)"
                    + " VALUES (?, 'Three products', 0, 0, 3)")) {
      insert.setString(1, plan);
      insert.executeUpdate();
    }
    String store = provisionedStore(cluster, first, plan);
    String products = "/api/v1/stores/" + store + "/data/products";

    // The second instance counts 0 products and creates one: it holds the store at 1.
    assertThat(create(cluster, second, products).statusCode()).isEqualTo(201);
    // The first counts 1 live and creates up to the limit, then refuses.
    assertThat(create(cluster, first, products).statusCode()).isEqualTo(201);
    assertThat(create(cluster, first, products).statusCode()).isEqualTo(201);
    refused(create(cluster, first, products), plan, 3);
    // The second still holds 1 + its own creates: it lets 2 more through, the first's 2.
    assertThat(create(cluster, second, products).statusCode()).isEqualTo(201);
    assertThat(create(cluster, second, products).statusCode()).isEqualTo(201);
    refused(create(cluster, second, products), plan, 3);

    int stored =
        as(cluster.adminToken(), first)
            .queryParam("count", "true")
            .queryParam("limit", "1")
            .get(products)
            .then()
            .statusCode(200)
            .extract()
            .path("total");
    assertThat(stored)
        .as("3 allowed + the 2 the first instance created after the second's count")
        .isEqualTo(5);
    refused(create(cluster, first, products), plan, 3);
  }

  @Test
  void aGracefulStopFlushesWhatWasCountedSinceTheLastFlush() throws Exception {
    // An instance of its own whose next scheduled flush is an hour away (the first runs at
    // start): only the graceful stop can write what it counts.
    AppProcess instance = cluster.addInstance(Map.of("STOREPLANE_METERING_FLUSH_INTERVAL", "1h"));
    String store = newStore(cluster, instance);
    String token = storeToken(cluster, instance, store);
    // The first scheduled flush runs at start; the next is an hour away.
    for (int i = 0; i < 7; i++) {
      as(token, instance).get("/api/v1/stores/" + store).then().statusCode(200);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(number(cluster.master(), "api_calls", store, today)).isZero();

    instance.close(); // SIGTERM: the graceful stop

    assertThat(number(cluster.master(), "api_calls", store, today)).isEqualTo(7);
  }

  private static String newStore(ControlPlaneCluster cluster, AppProcess instance) {
    return as(cluster.adminToken(), instance)
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "Metered", "slug": "meter-%s", "plan": "free"}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8)))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String storeToken(ControlPlaneCluster cluster, AppProcess instance, String id) {
    return as(cluster.adminToken(), instance)
        .contentType(ContentType.JSON)
        .body(Map.of("storeId", id, "name", "store app"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("token");
  }

  private static RequestSpecification as(String token, AppProcess instance) {
    return given()
        .baseUri("http://127.0.0.1")
        .port(instance.port())
        .header("Authorization", "Bearer " + token);
  }

  private static long number(TestDatabase master, String column, String store, LocalDate day)
      throws SQLException {
    return query(
        master,
        "SELECT coalesce(sum("
            + column
            + "), 0) FROM usage_metrics"
            + " WHERE store_id = ?::uuid AND metric_date = ?",
        store,
        day);
  }

  private static long histogramTotal(TestDatabase master, String store, LocalDate day)
      throws SQLException {
    return query(
        master,
        "SELECT coalesce(sum(h), 0) FROM usage_metrics, unnest(latency_histogram) AS h"
            + " WHERE store_id = ?::uuid AND metric_date = ?",
        store,
        day);
  }

  private static long query(TestDatabase master, String sql, Object... values) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(master.jdbcUrl(), master.username(), master.password());
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void execute(TestDatabase master, String sql, Object... values)
      throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(master.jdbcUrl(), master.username(), master.password());
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }

  private static String provisionedStore(
      ControlPlaneCluster cluster, AppProcess instance, String plan) {
    Response created =
        as(cluster.adminToken(), instance)
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "Limited",
                    "slug",
                    "lim-" + UUID.randomUUID().toString().substring(0, 8),
                    "plan",
                    plan,
                    "database",
                    Map.of("type", "managed-postgresql")))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .extract()
            .response();
    String job = created.path("provisioningJobId");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                List.of("succeeded", "failed", "cancelled")
                    .contains(
                        as(cluster.adminToken(), instance)
                            .get("/api/v1/provision/" + job + "/status")
                            .then()
                            .extract()
                            .path("status")));
    assertThat(
            as(cluster.adminToken(), instance)
                .get("/api/v1/provision/" + job + "/status")
                .then()
                .extract()
                .<String>path("status"))
        .isEqualTo("succeeded");
    return created.path("id");
  }

  private static Response create(ControlPlaneCluster cluster, AppProcess instance, String path) {
    String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
    return as(cluster.adminToken(), instance)
        .contentType(ContentType.JSON)
        .body(Map.of("title", "Product " + slug, "slug", slug))
        .post(path)
        .then()
        .extract()
        .response();
  }

  private static void refused(Response response, String plan, int limit) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(402);
    assertThat(response.jsonPath().getMap("limit"))
        .isEqualTo(Map.of("name", "products", "plan", plan, "usage", limit, "limit", limit));
  }
}
