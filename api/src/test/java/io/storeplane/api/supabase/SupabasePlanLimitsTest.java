package io.storeplane.api.supabase;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static io.storeplane.api.connect.StoreRows.order;
import static io.storeplane.api.connect.StoreRows.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestPlans;
import io.storeplane.api.connect.RowTimes;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.testing.supabase.ProjectScript;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Plan limits on a Supabase store (created on the double): its products and its orders this month
 * are counted through the project's Data API (PostgREST's exact count), and the write at a hard
 * limit is created while the next is refused with 402 naming the limit.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
class SupabasePlanLimitsTest {

  @Inject DataSource master;
  @Inject ConnectionManager connections;

  @Test
  void theWriteAtTheLimitIsCreatedAndTheNextRefusedOnASupabaseStore() throws Exception {
    String plan = TestPlans.create(master, "HARD", 2, 2, null);
    SupabaseDoubleProfile.supabase.nextProjects(ProjectScript.healthyAfter(0));
    JsonPath created = TestPlans.newStore(plan, Map.of("type", "supabase", "create", true));
    JsonPath done = JobPolling.awaitEnd(created.getString("provisioningJobId"), status -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    String store = created.getString("id");
    String token = TestCallers.tokenForStore(store);
    String ref = refOf(store);
    long countsBefore = countRequests(ref);

    assertThat(insert(token, store, "products", product()).statusCode()).isEqualTo(201);
    assertThat(insert(token, store, "products", product()).statusCode()).isEqualTo(201);
    refusedBy(insert(token, store, "products", product()), "products", plan, 2);

    // An order of this month, and no row whose times a body sets (400 before any limit).
    RowTimes.check(store);
    Map<String, Object> lastMonth = order();
    lastMonth.put(
        "created_at",
        LocalDate.now(ZoneOffset.UTC)
            .withDayOfMonth(1)
            .minusDays(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC)
            .toString());
    RowTimes.refused(insert(token, store, "orders", lastMonth), "created_at");
    // A store's history (an order of last month) is laid out through the in-process table API.
    connections.forStore(UUID.fromString(store)).tables().insert("orders", lastMonth);
    assertThat(insert(token, store, "orders", order()).statusCode()).isEqualTo(201);
    refusedBy(insert(token, store, "orders", order()), "ordersPerMonth", plan, 2);

    assertThat(countRequests(ref) - countsBefore)
        .as("the products and the orders this month were counted by the project's PostgREST")
        .isGreaterThanOrEqualTo(2);
  }

  private static String refOf(String store) {
    return asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("database.name");
  }

  /** Requests to the project's Data API that read the products or orders table. */
  private static long countRequests(String ref) {
    String products = "/" + ref + "/rest/v1/products";
    String orders = "/" + ref + "/rest/v1/orders";
    return SupabaseDoubleProfile.supabase.requestLog().stream()
        .filter(r -> !r.startsWith("POST") && (r.contains(products) || r.contains(orders)))
        .count();
  }

  private static void refusedBy(Response refused, String limit, String plan, int max) {
    assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(402);
    assertThat(refused.jsonPath().getString("code")).isEqualTo("plan-limit-exceeded");
    assertThat(refused.jsonPath().getMap("limit"))
        .isEqualTo(Map.of("name", limit, "plan", plan, "usage", max, "limit", max));
  }

  private static Response insert(
      String token, String store, String table, Map<String, Object> row) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(row)
        .post("/api/v1/stores/" + store + "/data/" + table)
        .then()
        .extract()
        .response();
  }
}
