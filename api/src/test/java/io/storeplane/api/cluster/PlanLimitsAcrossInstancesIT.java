package io.storeplane.api.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.storeplane.testing.process.AppProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A hard limit across two instances: each instance holds the limit exactly by its own count, and
 * the store can pass it by what the other instance created after that count, within {@code
 * storeplane.limits.usage-cache} (here an hour, so no recount blurs the bound), never more. The
 * figure docs/usage.md gives for the overshoot, made to happen.
 */
class PlanLimitsAcrossInstancesIT {

  @Test
  void aLimitIsPassedByAtMostWhatTheOtherInstanceCreatedSinceThisOnesCount() throws Exception {
    try (ControlPlaneCluster cluster =
        ControlPlaneCluster.start(2, Map.of("STOREPLANE_LIMITS_USAGE_CACHE", "1H"))) {
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
          as(cluster, first)
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
  }

  private static String provisionedStore(
      ControlPlaneCluster cluster, AppProcess instance, String plan) {
    Response created =
        as(cluster, instance)
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
                        as(cluster, instance)
                            .get("/api/v1/provision/" + job + "/status")
                            .then()
                            .extract()
                            .path("status")));
    assertThat(
            as(cluster, instance)
                .get("/api/v1/provision/" + job + "/status")
                .then()
                .extract()
                .<String>path("status"))
        .isEqualTo("succeeded");
    return created.path("id");
  }

  private static Response create(ControlPlaneCluster cluster, AppProcess instance, String path) {
    String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
    return as(cluster, instance)
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

  private static RequestSpecification as(ControlPlaneCluster cluster, AppProcess instance) {
    return given()
        .baseUri("http://127.0.0.1")
        .port(instance.port())
        .header("Authorization", "Bearer " + cluster.adminToken());
  }
}
