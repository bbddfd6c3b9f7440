package io.storeplane.api.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.process.AppProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The multi-instance harness itself: two packaged instances on one master database. */
class MultiInstanceClusterIT {

  @Test
  void twoInstancesShareOneMasterAndOneAnswersAfterTheOtherIsKilled() throws Exception {
    String master;
    try (ControlPlaneCluster cluster = ControlPlaneCluster.start(2)) {
      master = cluster.master().name();
      AppProcess first = cluster.instance(0);
      AppProcess second = cluster.instance(1);
      assertThat(first.pid()).isNotEqualTo(second.pid());
      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(first.ready()).isTrue();
      assertThat(second.ready()).isTrue();

      String slug = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
      String id =
          as(cluster, first)
              .contentType(ContentType.JSON)
              .body(
                  """
                  {"name": "Cluster Shoes", "slug": "%s", "plan": "free"}"""
                      .formatted(slug))
              .post("/api/v1/stores")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      as(cluster, second)
          .get("/api/v1/stores/" + id)
          .then()
          .statusCode(200)
          .body("slug", equalTo(slug));

      cluster.kill(0);
      assertThat(first.isAlive()).isFalse();
      assertThat(second.ready()).isTrue();
      as(cluster, second)
          .get("/api/v1/stores/" + id)
          .then()
          .statusCode(200)
          .body("slug", equalTo(slug));

      for (AppProcess instance : cluster.instances()) {
        assertThat(instance.logLines())
            .as("%s's log %s", instance.name(), instance.log())
            .anyMatch(
                line ->
                    line.contains("started in")
                        && line.contains("Listening on: http://127.0.0.1:" + instance.port()));
      }
    }
    assertThat(databaseExists(master)).as("master database %s dropped", master).isFalse();
  }

  private static RequestSpecification as(ControlPlaneCluster cluster, AppProcess instance) {
    return given()
        .baseUri("http://127.0.0.1")
        .port(instance.port())
        .header("Authorization", "Bearer " + cluster.adminToken());
  }

  private static boolean databaseExists(String name) throws Exception {
    try (Connection connection = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement statement =
            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }
}
