package io.storeplane.api.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.storeplane.testing.process.AppProcess;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A store suspended on one instance is dropped from another instance's routes within one second, by
 * the bus (issue 13): the version check, the other way an instance learns of another's change, is
 * an hour apart here.
 */
class StoreChangedAcrossInstancesIT {

  @Test
  void aStoreSuspendedOnOneInstanceLeavesTheOthersRoutesWithinOneSecond() throws Exception {
    try (ControlPlaneCluster cluster =
        ControlPlaneCluster.start(2, Map.of("STOREPLANE_POOLS_VERSION_CHECK_INTERVAL", "1H"))) {
      AppProcess first = cluster.instance(0);
      AppProcess second = cluster.instance(1);
      String id =
          as(cluster, first)
              .contentType(ContentType.JSON)
              .body(
                  """
                  {"name": "Bus Shoes", "slug": "bus-%s", "plan": "free"}"""
                      .formatted(UUID.randomUUID().toString().substring(0, 8)))
              .post("/api/v1/stores")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      // The second instance caches the store's route ("not connected").
      as(cluster, second)
          .get("/api/v1/stores/" + id + "/data/categories")
          .then()
          .statusCode(409)
          .body("code", equalTo("store-not-connected"));
      as(cluster, second)
          .get("/api/v1/stores/" + id + "/connection")
          .then()
          .body("routed", equalTo(true));

      as(cluster, first).post("/api/v1/stores/" + id + "/suspend").then().statusCode(200);

      await()
          .atMost(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  as(cluster, second)
                      .get("/api/v1/stores/" + id + "/connection")
                      .then()
                      .body("routed", equalTo(false)));
      as(cluster, second)
          .get("/api/v1/stores/" + id + "/data/categories")
          .then()
          .statusCode(409)
          .body("code", equalTo("store-database-suspended"));
    }
  }

  private static RequestSpecification as(ControlPlaneCluster cluster, AppProcess instance) {
    return given()
        .baseUri("http://127.0.0.1")
        .port(instance.port())
        .header("Authorization", "Bearer " + cluster.adminToken());
  }
}
