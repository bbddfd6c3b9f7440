package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.provisioning.ProxiedStore;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.StoreTables;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 * The daily usage rollup through the REST API on every backend: a store is provisioned on managed
 * PostgreSQL, managed MariaDB and Supabase (the double), the test writes known rows into its
 * database with their times set around yesterday (UTC), posts the rollup, waits for the job and
 * reads {@code usage_metrics} and the store's counters: exact values, and the same row after a
 * rerun. A store whose database is down fails its own job (retried later) while the others run.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupTest {

  /** The backends and the database option that provisions a store on each. */
  enum Backend {
    POSTGRESQL(Map.of("type", "managed-postgresql")),
    MYSQL(Map.of("type", "managed-mysql")),
    SUPABASE(Map.of("type", "supabase", "create", true));

    private final Map<String, Object> option;

    Backend(Map<String, Object> option) {
      this.option = option;
    }
  }

  @Inject ConnectionManager connections;

  private final Map<Backend, String> stores = new EnumMap<>(Backend.class);
  private final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
  private ProxiedStore downStore;

  @BeforeEach
  void allowLocalDatabases() {
    DriverClassLoaderGuard.installTestPolicy();
  }

  @AfterAll
  void dropDownStore() {
    if (downStore != null) {
      downStore.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRollupOfKnownDataGivesExactValuesAndTheSameRowWhenRerun(Backend backend) throws Exception {
    String store = store(backend);
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = start.plus(Duration.ofDays(1));
    Instant twoDaysBefore = start.minus(Duration.ofDays(2));
    StoreTables tables = connections.forStore(UUID.fromString(store)).tables();

    // Before the day, unchanged in it: counted in the total only.
    product(tables, twoDaysBefore, twoDaysBefore);
    // Before the day, changed in it: updated.
    product(tables, twoDaysBefore, start.plusSeconds(9 * 3600));
    // Created in the day (the second changed later the same day): created.
    product(tables, start.plusSeconds(8 * 3600), start.plusSeconds(8 * 3600));
    product(tables, start.plusSeconds(11 * 3600), start.plusSeconds(23 * 3600));
    // Created after the day: not counted at all.
    product(tables, end.plusMillis(500), end.plusMillis(500));
    // Created before the day, deleted in it: deleted (and not in the total at its end).
    String deletedInDay = product(tables, twoDaysBefore, twoDaysBefore);
    delete(tables, deletedInDay, start.plusSeconds(15 * 3600));
    // Created in the day, deleted after it: created, and in the total at its end.
    String deletedLater =
        product(tables, start.plusSeconds(12 * 3600), start.plusSeconds(12 * 3600));
    delete(tables, deletedLater, end.plusSeconds(1));

    order(tables, start.plusSeconds(10 * 3600), "19.99");
    order(tables, start.plusSeconds(20 * 3600), "5.01");
    order(tables, end.plusMillis(300), "1000.00");
    Instant earlierInMonth = start.minus(Duration.ofDays(1)).plusSeconds(3600);
    order(tables, earlierInMonth, "7.00");
    boolean earlierOrderInMonth =
        LocalDate.ofInstant(earlierInMonth, ZoneOffset.UTC).getMonth() == day.getMonth();
    media(tables, 1000);
    media(tables, 2345);

    long sizeBefore = backend == Backend.SUPABASE ? doubleDatabaseSize(store) : 0;
    Map<String, Object> first = rollUp(store);
    long sizeAfter = backend == Backend.SUPABASE ? doubleDatabaseSize(store) : 0;

    assertThat(first)
        .containsEntry("products", 5)
        .containsEntry("products_created", 3)
        .containsEntry("products_updated", 1)
        .containsEntry("products_deleted", 1)
        .containsEntry("orders", 2)
        .containsEntry("api_calls", 0L);
    assertThat((BigDecimal) first.get("revenue")).isEqualByComparingTo("25.00");
    long storage = (Long) first.get("storage_bytes");
    if (backend == Backend.SUPABASE) {
      // pg_database_size of the project's database behind the double, read through run-SQL at the
      // rollup: between what the test reads of it directly just before and just after.
      assertThat(storage - 3345)
          .as("the database size (run-SQL) plus media bytes")
          .isBetween(sizeBefore, sizeAfter)
          .isGreaterThan(8192);
    } else {
      assertThat(storage).as("database size plus media bytes").isGreaterThan(3345 + 8192);
    }
    int storageMb = (int) (storage / (1024 * 1024)); // whole MiB, rounded down (Storage)
    assertThat(first).containsEntry("storage_mb", storageMb);
    assertThat(counters(store)).containsExactly(5, earlierOrderInMonth ? 3 : 2, storageMb);

    Map<String, Object> second = rollUp(store);

    // Storage is measured when the rollup runs (docs/usage.md): the server may have grown the
    // database's files meanwhile (autovacuum's maps, InnoDB's statistics), so only it may move.
    assertThat((Long) second.get("storage_bytes")).isGreaterThan(3345 + 8192);
    storageMb = (Integer) second.get("storage_mb");
    second.put("storage_bytes", first.get("storage_bytes"));
    second.put("storage_mb", first.get("storage_mb"));
    assertThat(second).as("a rerun writes the same row").isEqualTo(first);
    assertThat(counters(store)).containsExactly(5, earlierOrderInMonth ? 3 : 2, storageMb);
  }

  @Test
  void aStoreWhoseDatabaseIsDownFailsItsOwnJobAndIsRetriedWhileTheOthersRun() throws Exception {
    String up = store(Backend.POSTGRESQL);
    downStore = new ProxiedStore("rollupdown");
    String down = downStore.id();
    downStore.goDown();

    Response response = post(Map.of("day", day.toString(), "storeIds", List.of(down, up)));
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
    JsonPath accepted = response.jsonPath();

    String downJob = accepted.getString("jobs[0].jobId");
    String upJob = accepted.getString("jobs[1].jobId");
    assertThat(accepted.getString("jobs[0].storeId")).isEqualTo(down);
    JsonPath done = awaitJob(upJob, job -> job.getString("status").equals("succeeded"));
    assertThat(done.getString("kind")).isEqualTo("usage.rollup");
    JsonPath failed = awaitJob(downJob, job -> job.getInt("failures") >= 1);
    assertThat(failed.getString("error.code")).isEqualTo("store-database-unavailable");
    assertThat(failed.getString("status"))
        .as("waits for its retry rather than failing for good")
        .isEqualTo("queued");
    assertThat(failed.getString("runAfter")).isNotNull();
    assertThat(failed.getList("steps.status", String.class)).containsExactly("failed");
    assertThat(metrics(down)).isEmpty();
  }

  @Test
  void aSupabaseStoreWhoseManagementApiFailsFailsItsOwnJobAndIsRetried() throws Exception {
    String store = provision(Backend.SUPABASE);
    // Its Data API route is open, so the job's first Management API call is the size's run-SQL.
    connections.forStore(UUID.fromString(store)).tables().count("products", List.of());
    SupabaseDoubleProfile.running().failNext(1, 503, "Service Unavailable");

    Response response = post(Map.of("day", day.toString(), "storeIds", List.of(store)));
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
    JsonPath failed =
        awaitJob(
            response.jsonPath().getString("jobs[0].jobId"), job -> job.getInt("failures") >= 1);
    assertThat(failed.getString("error.code")).isEqualTo("supabase-unavailable");
    assertThat(failed.getString("status"))
        .as("waits for its retry rather than failing for good")
        .isEqualTo("queued");
    assertThat(failed.getString("runAfter")).isNotNull();
    assertThat(metrics(store)).isEmpty();
  }

  @Test
  void badRequestsAreProblemsAndOnlyBillingWritersMayAsk() {
    problem(post(Map.of("day", "yesterday")), 400, "validation-failed");
    problem(
        post(Map.of("storeIds", List.of(UUID.randomUUID().toString()))), 400, "validation-failed");
    problem(
        post(Map.of("day", day.toString(), "storeIds", List.of("not-an-id"))),
        400,
        "validation-failed");
    problem(post(Map.of("day", day.toString(), "storeIds", List.of())), 400, "validation-failed");
    problem(
        post(Map.of("day", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString())),
        400,
        "invalid-rollup-request");
    String unknown = UUID.randomUUID().toString();
    Response refused = post(Map.of("day", day.toString(), "storeIds", List.of(unknown)));
    problem(refused, 400, "invalid-rollup-request");
    assertThat(refused.asString()).contains(unknown);

    String viewer = TestCallers.tokenForNewUser("viewer");
    problem(
        as(viewer)
            .contentType(ContentType.JSON)
            .body(Map.of("day", day.toString()))
            .post("/api/v1/usage/rollups")
            .then()
            .extract()
            .response(),
        403,
        "forbidden");
    String billing = TestCallers.tokenForNewUser("billing");
    String store = store(Backend.POSTGRESQL);
    Response accepted =
        as(billing)
            .contentType(ContentType.JSON)
            .body(Map.of("day", day.toString(), "storeIds", List.of(store)))
            .post("/api/v1/usage/rollups")
            .then()
            .extract()
            .response();
    assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
    awaitJob(accepted.jsonPath().getString("jobs[0].jobId"), job -> isFinished(job));
  }

  // --- the stores ---

  private String store(Backend backend) {
    return stores.computeIfAbsent(backend, RollupTest::provision);
  }

  private static String provision(Backend backend) {
    JsonPath created = TestCallers.newStore("Rollup store", "rollup", backend.option);
    JsonPath ended = JobPolling.awaitEnd(created.getString("provisioningJobId"), s -> {});
    assertThat(ended.getString("status")).as(ended.prettify()).isEqualTo("succeeded");
    return created.getString("id");
  }

  // --- the store's rows ---

  private static String product(StoreTables tables, Instant created, Instant updated) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("title", "Boot");
    row.put("slug", "boot-" + UUID.randomUUID());
    row.put("created_at", created.toString());
    row.put("updated_at", updated.toString());
    return tables.insert("products", row).get("id").toString();
  }

  /** Deletes a product and moves its recorded deletion to {@code at}. */
  private static void delete(StoreTables tables, String product, Instant at) {
    assertThat(tables.delete("products", List.of(Filter.eq("id", product)))).isOne();
    assertThat(
            tables.update(
                "product_deletions",
                List.of(Filter.eq("product_id", product)),
                Map.of("deleted_at", at.toString())))
        .isOne();
  }

  private static void order(StoreTables tables, Instant created, String total) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("order_number", "R-" + UUID.randomUUID().toString().substring(0, 12));
    row.put("email", "buyer@example.com");
    row.put("currency", "EUR");
    row.put("subtotal", total);
    row.put("grand_total", total);
    row.put("placed_at", created.toString());
    row.put("created_at", created.toString());
    row.put("updated_at", created.toString());
    tables.insert("orders", row);
  }

  private static void media(StoreTables tables, long bytes) {
    String key = "media/" + UUID.randomUUID();
    tables.insert(
        "media_library",
        Map.of(
            "file_name",
            "boot.jpg",
            "storage_key",
            key,
            "url",
            "https://cdn.example.com/" + key,
            "mime_type",
            "image/jpeg",
            "size_bytes",
            bytes));
  }

  // --- the API and the master ---

  /** Posts the store's rollup of the day, waits for its job and reads the day's row. */
  private Map<String, Object> rollUp(String store) throws Exception {
    Response response = post(Map.of("day", day.toString(), "storeIds", List.of(store)));
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
    JsonPath accepted = response.jsonPath();
    assertThat(accepted.getString("day")).isEqualTo(day.toString());
    assertThat(accepted.getList("jobs")).hasSize(1);
    JsonPath job = awaitJob(accepted.getString("jobs[0].jobId"), RollupTest::isFinished);
    assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
    assertThat(job.getList("steps.step", String.class)).containsExactly("roll-up");
    Map<String, Map<String, Object>> rows = metrics(store);
    assertThat(rows).containsOnlyKeys(day.toString());
    return rows.get(day.toString());
  }

  private static Response post(Map<String, Object> body) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/usage/rollups")
        .then()
        .extract()
        .response();
  }

  private static boolean isFinished(JsonPath job) {
    return List.of("succeeded", "failed", "cancelled").contains(job.getString("status"));
  }

  private static JsonPath awaitJob(String jobId, java.util.function.Predicate<JsonPath> until) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] =
                  asAdmin()
                      .get("/api/v1/jobs/" + jobId)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              return until.test(last[0]);
            });
    return last[0];
  }

  /** The store's usage rows by day, without the columns that record when they were written. */
  private Map<String, Map<String, Object>> metrics(String store) throws Exception {
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    try (Connection c = connections.master().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT metric_date, api_calls, products, products_created, products_updated,"
                    + " products_deleted, orders, revenue, storage_bytes, storage_mb,"
                    + " rolled_up_at IS NOT NULL AS rolled_up"
                    + " FROM usage_metrics WHERE store_id = ? ORDER BY metric_date")) {
      s.setObject(1, UUID.fromString(store));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 2; i <= r.getMetaData().getColumnCount(); i++) {
            row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
          }
          rows.put(r.getString(1), row);
        }
      }
    }
    return rows;
  }

  /** The store's {@code product_count}, {@code order_count} and {@code storage_used_mb}. */
  private List<Integer> counters(String store) throws Exception {
    try (Connection c = connections.master().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT product_count, order_count, storage_used_mb FROM stores WHERE id = ?")) {
      s.setObject(1, UUID.fromString(store));
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return List.of(r.getInt(1), r.getInt(2), r.getInt(3));
      }
    }
  }

  private static void problem(Response response, int status, String code) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
  }

  /** {@code pg_database_size} of a Supabase store's project database behind the double. */
  private long doubleDatabaseSize(String store) throws Exception {
    String ref; // from the master: a call under the store's path would be metered for it
    try (Connection c = connections.master().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT database_name FROM stores WHERE id = ?")) {
      s.setObject(1, UUID.fromString(store));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        ref = r.getString(1);
      }
    }
    try (Connection connection =
            SupabaseDoubleProfile.running().project(ref).orElseThrow().database().connect();
        PreparedStatement size =
            connection.prepareStatement("SELECT pg_database_size(current_database())");
        ResultSet row = size.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }
}
