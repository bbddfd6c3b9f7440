package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.TestCallers;
import io.storeplane.api.usage.UsageSeed.Day;
import io.storeplane.billing.report.UsageReports;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The reports through the REST API, on {@code usage_metrics} rows written with SQL and the report
 * tables refreshed as the {@code usage.reports} job does: percentiles from known histograms,
 * per-day-and-plan sums, stores ranked with growth, an incremental refresh, the job on the engine,
 * and bad input. Each test uses a month of 2023 of its own (the master database is shared).
 */
@QuarkusTest
class ReportResourceTest {

  @Inject DataSource master;
  @Inject UsageReports reports;

  @Test
  void performancePercentilesComeFromTheHistogramsSummedBucketByBucket() throws Exception {
    LocalDate day = LocalDate.parse("2023-05-02");
    String slow = UsageSeed.store("free");
    String fast = UsageSeed.store("starter");
    UsageSeed seed = new UsageSeed(master);
    // buckets (ms): 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, ...
    seed.rows(slow, Day.calls(day, 100, 0, 0, 0, 50, 0, 0, 45, 0, 0, 5).errors(8, 2));
    seed.rows(fast, Day.calls(day, 100, 100)); // a shorter array: zeros where it ends
    reports.refresh();

    JsonPath store =
        report("performance", Map.of("from", "2023-05-01", "to", "2023-05-03", "storeId", slow));
    assertThat(store.getString("storeId")).isEqualTo(slow);
    assertThat(store.getString("refreshedAt")).isNotNull();
    assertThat(store.getList("latencyBucketsMs", Long.class)).startsWith(1L, 2L, 5L, 10L);
    assertThat(store.getList("items")).hasSize(1);
    assertThat(store.getString("items[0].date")).isEqualTo("2023-05-02");
    assertThat(store.getLong("items[0].apiCalls")).isEqualTo(100);
    assertThat(store.getDouble("items[0].errorRate")).isCloseTo(0.1, within(1e-6));
    assertThat(store.getLong("items[0].p50Ms")).isEqualTo(10);
    assertThat(store.getLong("items[0].p95Ms")).isEqualTo(100);
    assertThat(store.getLong("items[0].p99Ms")).isEqualTo(1000);

    JsonPath platform = report("performance", Map.of("from", "2023-05-01", "to", "2023-05-03"));
    assertThat(platform.getString("storeId")).isNull();
    assertThat(platform.getString("refreshedAt")).isNotNull();
    assertThat(platform.getList("items")).hasSize(1);
    assertThat(platform.getLong("items[0].apiCalls")).isEqualTo(200);
    assertThat(platform.getLong("items[0].clientErrors")).isEqualTo(8);
    assertThat(platform.getLong("items[0].serverErrors")).isEqualTo(2);
    assertThat(platform.getDouble("items[0].errorRate")).isCloseTo(0.05, within(1e-6));
    assertThat(platform.getLong("items[0].p50Ms")).isEqualTo(1);
    assertThat(platform.getLong("items[0].p95Ms")).isEqualTo(100);
    assertThat(platform.getLong("items[0].p99Ms")).isEqualTo(1000);
  }

  @Test
  void usageStatisticsArePerDayAndPlan() throws Exception {
    LocalDate first = LocalDate.parse("2023-06-01");
    LocalDate second = first.plusDays(1);
    UsageSeed seed = new UsageSeed(master);
    String free1 = UsageSeed.store("free");
    String free2 = UsageSeed.store("free");
    String starter = UsageSeed.store("starter");
    seed.rows(
        free1,
        Day.calls(first, 10).rolledUp(2, "30.50", 5, 1000, 1),
        Day.calls(second, 0).rolledUp(0, "0", 5, 1000, 1));
    seed.rows(free2, Day.calls(first, 5));
    seed.rows(starter, Day.calls(first, 0).rolledUp(1, "9.99", 3, 500, 1));
    reports.refresh();

    JsonPath all = report("usage-statistics", Map.of("from", "2023-06-01", "to", "2023-06-02"));
    assertThat(all.getString("from")).isEqualTo("2023-06-01");
    assertThat(all.getString("to")).isEqualTo("2023-06-02");
    assertThat(all.getString("refreshedAt")).isNotNull();
    assertThat(all.getList("items.date")).containsExactly("2023-06-01", "2023-06-01", "2023-06-02");
    assertThat(all.getList("items.plan")).containsExactly("free", "starter", "free");
    assertThat(all.getList("items.stores", Integer.class)).containsExactly(2, 1, 1);
    assertThat(all.getList("items.activeStores", Integer.class)).containsExactly(2, 1, 0);
    assertThat(all.getList("items.apiCalls", Long.class)).containsExactly(15L, 0L, 0L);
    assertThat(all.getList("items.orders", Long.class)).containsExactly(2L, 1L, 0L);
    assertThat(all.getList("items.revenue", Float.class)).containsExactly(30.5f, 9.99f, 0f);
    assertThat(all.getList("items.storageBytes", Long.class)).containsExactly(1000L, 500L, 1000L);

    JsonPath starters =
        report(
            "usage-statistics",
            Map.of("from", "2023-06-01", "to", "2023-06-02", "plan", "starter"));
    assertThat(starters.getList("items.plan")).containsExactly("starter");
  }

  @Test
  void storeAnalyticsRankStoresAndTheirGrowthAndFollowNewRows() throws Exception {
    LocalDate d1 = LocalDate.parse("2023-07-01");
    UsageSeed seed = new UsageSeed(master);
    String growing = UsageSeed.store("free");
    String shrinking = UsageSeed.store("free");
    String late = UsageSeed.store("starter");
    String before = UsageSeed.store("free");
    seed.rows(
        growing,
        Day.calls(d1, 10).rolledUp(1, "10.00", 0, 0, 0),
        Day.calls(d1.plusDays(1), 10),
        Day.calls(d1.plusDays(2), 20),
        Day.calls(d1.plusDays(3), 20).rolledUp(3, "30.00", 0, 0, 0));
    seed.rows(shrinking, Day.calls(d1, 50), Day.calls(d1.plusDays(1), 50));
    seed.rows(late, Day.calls(d1.plusDays(2), 5), Day.calls(d1.plusDays(3), 5));
    seed.rows(before, Day.calls(d1.minusDays(1), 1000)); // outside the range: counts 0 in it
    reports.refresh();

    Map<String, Object> range = Map.of("from", "2023-07-01", "to", "2023-07-04", "size", 500);
    JsonPath byCalls = report("store-analytics", range);
    assertThat(byCalls.getString("rankBy")).isEqualTo("calls");
    assertThat(byCalls.getString("refreshedAt")).isNotNull();
    assertThat(byCalls.getList("items.storeId").subList(0, 3))
        .containsExactly(shrinking, growing, late);
    assertThat(byCalls.getList("items.apiCalls", Long.class).subList(0, 3))
        .containsExactly(100L, 60L, 10L);
    assertThat(byCalls.getList("items.rank", Long.class).subList(0, 3)).containsExactly(1L, 2L, 3L);
    int beforeIndex = byCalls.getList("items.storeId").indexOf(before);
    assertThat(beforeIndex).as("a store with usage before the range is ranked").isGreaterThan(2);
    assertThat(byCalls.getLong("items[" + beforeIndex + "].apiCalls")).isZero();
    assertThat(byCalls.getDouble("items[0].callsGrowth")).isEqualTo(-100.0);
    assertThat(byCalls.getDouble("items[1].callsGrowth")).isEqualTo(100.0);
    assertThat(byCalls.getDouble("items[1].ordersGrowth")).isEqualTo(200.0);
    assertThat(byCalls.getDouble("items[1].revenue")).isEqualTo(40.0);
    assertThat(byCalls.getString("items[2].callsGrowth")).as("no calls in the first half").isNull();
    assertThat(byCalls.getString("items[0].ordersGrowth")).isNull();

    JsonPath byGrowth = report("store-analytics", with(range, "rankBy", "growth"));
    assertThat(byGrowth.getList("items.storeId").subList(0, 2)).containsExactly(growing, shrinking);
    JsonPath byOrders = report("store-analytics", with(range, "rankBy", "orders"));
    assertThat(byOrders.getString("items[0].storeId")).isEqualTo(growing);
    assertThat(byOrders.getLong("items[0].orders")).isEqualTo(4);
    JsonPath starters = report("store-analytics", with(range, "plan", "starter"));
    assertThat(starters.getString("items[0].storeId")).isEqualTo(late);

    JsonPath secondPage =
        report(
            "store-analytics",
            Map.of("from", "2023-07-01", "to", "2023-07-04", "size", 1, "page", 1));
    assertThat(secondPage.getList("items")).hasSize(1);
    assertThat(secondPage.getLong("items[0].rank")).isEqualTo(2);
    assertThat(secondPage.getString("items[0].storeId")).isEqualTo(growing);
    assertThat(secondPage.getLong("totalItems")).isEqualTo(byCalls.getLong("totalItems"));
    assertThat(secondPage.getInt("totalPages")).isEqualTo(byCalls.getInt("totalItems"));

    // A row written after the refresh counts once the next refresh ran, running totals included.
    seed.rows(late, Day.calls(d1.plusDays(1), 200));
    reports.refresh();
    JsonPath again = report("store-analytics", range);
    assertThat(again.getString("items[0].storeId")).isEqualTo(late);
    assertThat(again.getLong("items[0].apiCalls")).isEqualTo(210);
    assertThat(again.getDouble("items[0].callsGrowth")).isEqualTo(-95.0);
    assertThat(again.getLong("items[1].apiCalls")).as("the others unchanged").isEqualTo(100);
  }

  @Test
  void theRefreshIsARecurringJobOnTheEngine() {
    JsonPath schedules =
        asAdmin().get("/api/v1/jobs/schedules").then().statusCode(200).extract().jsonPath();
    assertThat(schedules.getString("find { it.name == 'usage.reports' }.kind"))
        .isEqualTo("usage.reports");
    assertThat(schedules.getString("find { it.name == 'usage.reports' }.cadence"))
        .isEqualTo("delay:PT5M");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                asAdmin()
                    .queryParam("kind", "usage.reports")
                    .queryParam("status", "succeeded")
                    .get("/api/v1/jobs")
                    .then()
                    .statusCode(200)
                    .body("items[0].kind", equalTo("usage.reports")));
    String id =
        asAdmin()
            .queryParam("kind", "usage.reports")
            .queryParam("status", "succeeded")
            .get("/api/v1/jobs")
            .then()
            .extract()
            .path("items[0].id");
    JsonPath job = asAdmin().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    assertThat(job.getList("steps.step")).containsExactly("refresh");
    assertThat(job.getString("scheduleName")).isEqualTo("usage.reports");
  }

  @Test
  void badInputAndOtherCallersAreRefused() {
    for (String report : List.of("usage-statistics", "performance", "store-analytics")) {
      bad(report, Map.of("from", "2023-03-02", "to", "2023-03-01"), "to");
      bad(report, Map.of("from", "2022-01-01", "to", "2023-01-02"), "to");
      bad(report, Map.of("from", "2023-13-01"), "from");
      as(TestCallers.tokenForStore(UsageSeed.store("free")))
          .get("/api/v1/reports/" + report)
          .then()
          .statusCode(403)
          .body("code", equalTo("forbidden"));
      as(TestCallers.tokenForNewUser("billing"))
          .get("/api/v1/reports/" + report)
          .then()
          .statusCode(200);
    }
    bad("store-analytics", Map.of("rankBy", "sideways"), "rankBy");
    bad("performance", Map.of("storeId", "not-a-store"), "storeId");
  }

  private static void bad(String report, Map<String, ?> query, String field) {
    asAdmin()
        .queryParams(query)
        .get("/api/v1/reports/" + report)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("validation-failed"))
        .body("errors[0].field", equalTo(field));
  }

  private static JsonPath report(String name, Map<String, ?> query) {
    return asAdmin()
        .queryParams(query)
        .get("/api/v1/reports/" + name)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    Map<String, Object> copy = new java.util.HashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
