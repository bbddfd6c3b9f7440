package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import io.storeplane.api.usage.UsageSeed.Day;
import io.storeplane.billing.report.UsageReports;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The usage reads through the REST API on rows written with SQL: day and month rows as JSON and
 * CSV, paging and filters, a store's limits flagged from 80 %, who may read what, and bad input.
 */
@QuarkusTest
class UsageResourceTest {

  private static final LocalDate JAN_30 = LocalDate.parse("2024-01-30");
  private static final LocalDate JAN_31 = LocalDate.parse("2024-01-31");
  private static final LocalDate FEB_1 = LocalDate.parse("2024-02-01");

  @Inject DataSource master;
  @Inject UsageReports reports;

  @Test
  void daysAndMonthsAnswerAsJsonAndCsv() throws Exception {
    String store = UsageSeed.store("free");
    new UsageSeed(master)
        .rows(
            store,
            Day.calls(JAN_30, 100).errors(3, 1).rolledUp(2, "20.00", 10, 2048, 1),
            Day.calls(JAN_31, 50).rolledUp(1, "5.50", 12, 4096, 1),
            Day.calls(FEB_1, 7));

    JsonPath days = usage(Map.of("storeId", store, "from", "2024-01-30", "to", "2024-02-01"));
    assertThat(days.getLong("totalItems")).isEqualTo(3);
    assertThat(days.getList("items.periodStart"))
        .containsExactly("2024-01-30", "2024-01-31", "2024-02-01");
    assertThat(days.getList("items.periodEnd"))
        .containsExactly("2024-01-30", "2024-01-31", "2024-02-01");
    assertThat(days.getLong("items[0].apiCalls")).isEqualTo(100);
    assertThat(days.getLong("items[0].clientErrors")).isEqualTo(3);
    assertThat(days.getLong("items[0].serverErrors")).isEqualTo(1);
    assertThat(days.getLong("items[0].orders")).isEqualTo(2);
    assertThat(days.getDouble("items[0].revenue")).isEqualTo(20.0);
    assertThat(days.getLong("items[0].products")).isEqualTo(10);
    assertThat(days.getString("items[0].plan")).isEqualTo("free");
    assertThat(days.getString("items[0].rolledUpAt")).isNotNull();
    assertThat(days.getString("items[2].rolledUpAt")).isNull();

    JsonPath months =
        usage(
            Map.of(
                "storeId",
                store,
                "from",
                "2024-01-15",
                "to",
                "2024-02-10",
                "granularity",
                "month"));
    assertThat(months.getLong("totalItems")).isEqualTo(2);
    assertThat(months.getList("items.periodStart")).containsExactly("2024-01-15", "2024-02-01");
    assertThat(months.getList("items.periodEnd")).containsExactly("2024-01-31", "2024-02-10");
    assertThat(months.getLong("items[0].apiCalls")).isEqualTo(150);
    assertThat(months.getLong("items[0].clientErrors")).isEqualTo(3);
    assertThat(months.getLong("items[0].orders")).isEqualTo(3);
    assertThat(months.getDouble("items[0].revenue")).isEqualTo(25.5);
    assertThat(months.getLong("items[0].products"))
        .as("the month's last rolled-up day")
        .isEqualTo(12);
    assertThat(months.getLong("items[0].storageBytes")).isEqualTo(4096);
    assertThat(months.getLong("items[1].apiCalls")).isEqualTo(7);
    assertThat(months.getLong("items[1].products")).as("no day rolled up").isZero();
    assertThat(months.getString("items[1].rolledUpAt")).isNull();

    Response csv =
        asAdmin()
            .accept("text/csv")
            .queryParams(Map.of("storeId", store, "from", "2024-01-30", "to", "2024-02-01"))
            .get("/api/v1/usage");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    String body = csv.asString();
    assertThat(body).endsWith("\r\n");
    List<String> lines = List.of(body.split("\r\n"));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo(String.join(",", UsageCsv.HEADER));
    String slug = days.getString("items[0].slug");
    assertThat(lines.get(1))
        .startsWith(
            store + "," + slug + ",free,2024-01-30,2024-01-30,100,3,1,2,20.00,10,0,0,0,2048,1,0,");
    assertThat(lines.get(3))
        .isEqualTo(store + "," + slug + ",free,2024-02-01,2024-02-01,7,0,0,0,0.00,0,0,0,0,0,0,0,");

    Response monthCsv =
        asAdmin()
            .accept("text/csv;q=0.9, application/json;q=0.5")
            .queryParams(
                Map.of(
                    "storeId",
                    store,
                    "from",
                    "2024-01-15",
                    "to",
                    "2024-02-10",
                    "granularity",
                    "month"))
            .get("/api/v1/usage");
    assertThat(monthCsv.contentType()).startsWith("text/csv");
    assertThat(monthCsv.asString().split("\r\n")).hasSize(3);
  }

  @Test
  void csvFieldsAreQuotedAsRfc4180Says() {
    assertThat(UsageCsv.field("plain")).isEqualTo("plain");
    assertThat(UsageCsv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(UsageCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(UsageCsv.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    assertThat(UsageCsv.field(null)).isEmpty();
  }

  @Test
  void pagesAndFiltersByPlanAndStore() throws Exception {
    LocalDate day = LocalDate.parse("2024-03-01");
    UsageSeed seed = new UsageSeed(master);
    List<String> starters = List.of(UsageSeed.store("starter"), UsageSeed.store("starter"));
    String free = UsageSeed.store("free");
    for (String store : List.of(starters.get(0), starters.get(1), free)) {
      seed.rows(
          store, Day.calls(day, 1), Day.calls(day.plusDays(1), 2), Day.calls(day.plusDays(2), 3));
    }
    Map<String, Object> filter =
        Map.of("plan", "starter", "from", "2024-03-01", "to", "2024-03-03", "size", 4);
    JsonPath first = usage(filter);
    assertThat(first.getLong("totalItems")).isEqualTo(6);
    assertThat(first.getInt("totalPages")).isEqualTo(2);
    assertThat(first.getInt("size")).isEqualTo(4);
    assertThat(first.getList("items")).hasSize(4);
    JsonPath second = usage(with(filter, "page", 1));
    assertThat(second.getInt("page")).isEqualTo(1);
    assertThat(second.getList("items")).hasSize(2);
    Set<String> seen = new HashSet<>();
    for (JsonPath page : List.of(first, second)) {
      for (int i = 0; i < page.getList("items").size(); i++) {
        assertThat(page.getString("items[" + i + "].plan")).isEqualTo("starter");
        assertThat(starters).contains(page.getString("items[" + i + "].storeId"));
        seen.add(
            page.getString("items[" + i + "].storeId")
                + page.getString("items[" + i + "].periodStart"));
      }
    }
    assertThat(seen).as("no row twice across pages").hasSize(6);

    JsonPath one = usage(Map.of("storeId", free, "from", "2024-03-01", "to", "2024-03-03"));
    assertThat(one.getList("items.apiCalls", Long.class)).containsExactly(1L, 2L, 3L);
    JsonPath none = usage(Map.of("storeId", UUID.randomUUID().toString(), "from", "2024-03-01"));
    assertThat(none.getLong("totalItems")).isZero();
    assertThat(none.getList("items")).isEmpty();
  }

  @Test
  void aStoresUsageFlagsEightyPercentOfEachLimit() throws Exception {
    LocalDate today = reports.today();
    String store =
        UsageSeed.store("free"); // 50 products, 100 orders/month, 500 MB, 10,000 calls/day
    new UsageSeed(master)
        .rows(store, Day.calls(today, 8000).rolledUp(80, "100.00", 39, 400L << 20, 400));

    JsonPath usage =
        as(TestCallers.tokenForStore(store))
            .get("/api/v1/stores/" + store + "/usage")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(usage.getString("storeId")).isEqualTo(store);
    assertThat(usage.getString("plan")).isEqualTo("free");
    assertThat(usage.getList("limits.name"))
        .containsExactly("products", "ordersPerMonth", "storageMb", "apiCallsPerDay");
    assertThat(usage.getList("limits.limit", Long.class)).containsExactly(50L, 100L, 500L, 10000L);
    assertThat(usage.getList("limits.usage", Long.class)).containsExactly(39L, 80L, 400L, 8000L);
    assertThat(usage.getList("limits.percent", Double.class))
        .containsExactly(78.0, 80.0, 80.0, 80.0);
    assertThat(usage.getList("limits.nearLimit", Boolean.class))
        .containsExactly(false, true, true, true);
    assertThat(usage.getList("limits.mode")).containsOnly("hard");
    assertThat(usage.getList("items")).hasSize(1);
    assertThat(usage.getLong("items[0].apiCalls")).isEqualTo(8000);

    String enterprise = UsageSeed.store("enterprise"); // no product, order or call limit
    JsonPath unlimited =
        asAdmin()
            .get("/api/v1/stores/" + enterprise + "/usage")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(unlimited.getList("limits.limit")).containsExactly(null, null, 512000, null);
    assertThat(unlimited.getList("limits.percent")).containsExactly(null, null, 0.0f, null);
    assertThat(unlimited.getList("limits.nearLimit", Boolean.class)).containsOnly(false);
    assertThat(unlimited.getList("items")).isEmpty();

    Response csv =
        as(TestCallers.tokenForStore(store))
            .accept("text/csv")
            .get("/api/v1/stores/" + store + "/usage");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.asString().split("\r\n")).hasSize(2);
  }

  @Test
  void onlyBillingReadersAndTheStoreItselfReadUsage() {
    String store = UsageSeed.store("free");
    String other = UsageSeed.store("free");
    String othersToken = TestCallers.tokenForStore(other);
    as(othersToken)
        .get("/api/v1/stores/" + store + "/usage")
        .then()
        .statusCode(403)
        .body("code", equalTo("forbidden"));
    as(othersToken).get("/api/v1/usage").then().statusCode(403).body("code", equalTo("forbidden"));
    as(othersToken).get("/api/v1/stores/" + other + "/usage").then().statusCode(200);

    for (String role : List.of("billing", "viewer", "operator")) {
      String token = TestCallers.tokenForNewUser(role);
      as(token).get("/api/v1/usage").then().statusCode(200);
      as(token).get("/api/v1/stores/" + store + "/usage").then().statusCode(200);
    }
    asAdmin()
        .get("/api/v1/stores/" + UUID.randomUUID() + "/usage")
        .then()
        .statusCode(404)
        .body("code", equalTo("store-not-found"));
    asAdmin()
        .get("/api/v1/stores/not-an-id/usage")
        .then()
        .statusCode(404)
        .body("code", equalTo("store-not-found"));
  }

  @Test
  void badInputIsAProblemNamingTheField() {
    bad(Map.of("from", "2024-02-02", "to", "2024-02-01"), "to");
    bad(Map.of("from", "2023-01-01", "to", "2024-01-02"), "to"); // 367 days
    bad(Map.of("from", "yesterday"), "from");
    bad(Map.of("to", "2024-02-30"), "to");
    bad(Map.of("from", "+999999999-12-31"), "from"); // past what a date can be moved to
    bad(Map.of("from", "1999-12-31", "to", "2000-01-01"), "from");
    bad(Map.of("granularity", "week"), "granularity");
    bad(Map.of("storeId", "store-1"), "storeId");
    asAdmin()
        .queryParam("size", 501)
        .get("/api/v1/usage")
        .then()
        .statusCode(400)
        .body("code", equalTo("validation-failed"))
        .body("errors[0].field", equalTo("size"));
    String store = UsageSeed.store("free");
    // The paging parameters are checked on the store's endpoint too (one UsageRowsParams).
    asAdmin()
        .queryParam("page", -1)
        .get("/api/v1/stores/" + store + "/usage")
        .then()
        .statusCode(400)
        .body("code", equalTo("validation-failed"))
        .body("errors[0].field", equalTo("page"));
    asAdmin()
        .queryParam("granularity", "year")
        .get("/api/v1/stores/" + store + "/usage")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("granularity"));
    // the longest allowed range answers
    usage(Map.of("from", "2023-01-01", "to", "2023-12-31"));
  }

  private static void bad(Map<String, ?> query, String field) {
    asAdmin()
        .queryParams(query)
        .get("/api/v1/usage")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("validation-failed"))
        .body("errors[0].field", equalTo(field));
  }

  private static JsonPath usage(Map<String, ?> query) {
    return asAdmin()
        .queryParams(query)
        .get("/api/v1/usage")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    Map<String, Object> copy = new java.util.HashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
