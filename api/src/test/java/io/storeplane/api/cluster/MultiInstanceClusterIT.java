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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances on one master database: the harness itself, the job engine's bound on
 * leases across instances (4 threads each, 20 jobs queued at once: never more than 8 leases, never
 * more than 4 per instance), a job's event stream on one instance following a job another instance
 * may run (through the bus), and one instance answering after the other is killed.
 */
class MultiInstanceClusterIT {

  private static final int JOBS = 20;

  @Test
  void twoInstancesShareOneMasterAndOneAnswersAfterTheOtherIsKilled() throws Exception {
    String master;
    try (ControlPlaneCluster cluster = ControlPlaneCluster.start(2)) {
      master = cluster.master().name();
      AppProcess first = cluster.instance(0);
      AppProcess second = cluster.instance(1);
      assertThat(first.pid()).isNotEqualTo(second.pid());
      assertThat(first.port()).isNotEqualTo(second.port());
      assertThat(first.managementPort()).isNotEqualTo(second.managementPort());
      given().get(first.uri("/q/health")).then().statusCode(404);
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

      twentyJobsOnTwoInstancesNeverHoldMoreThanEightLeases(cluster);

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

  private static void twentyJobsOnTwoInstancesNeverHoldMoreThanEightLeases(
      ControlPlaneCluster cluster) throws Exception {
    // Half PostgreSQL, half MariaDB: the per-server limit (8) is not what holds them back.
    List<String> jobIds = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      AppProcess instance = cluster.instance(i % 2);
      Map<String, Object> body =
          Map.of(
              "name",
              "Leased " + i,
              "slug",
              "leased-" + UUID.randomUUID().toString().substring(0, 8),
              "plan",
              "free",
              "database",
              Map.of("type", i % 2 == 0 ? "managed-postgresql" : "managed-mysql"));
      jobIds.add(
          as(cluster, instance)
              .contentType(ContentType.JSON)
              .body(body)
              .post("/api/v1/stores")
              .then()
              .statusCode(201)
              .extract()
              .path("provisioningJobId"));
    }
    // Follow the last job's event stream on the second instance, whichever instance runs it: with
    // 8 threads for 20 jobs it is still queued when the stream opens.
    String followed = jobIds.get(JOBS - 1);
    CompletableFuture<List<String>> stream =
        CompletableFuture.supplyAsync(
            () ->
                Arrays.stream(
                        as(cluster, cluster.instance(1))
                            .accept("text/event-stream")
                            .get("/api/v1/provision/" + followed + "/events")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString()
                            .split("\n"))
                    .filter(line -> line.startsWith("data:"))
                    .toList());

    int mostLeases = 0;
    int mostOnOneInstance = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    try (Connection master = cluster.master().connect()) {
      while (finished(master, jobIds) < JOBS) {
        try (PreparedStatement s =
                master.prepareStatement(
                    "SELECT lease_owner, count(*) FROM jobs WHERE status = 'RUNNING' AND kind ="
                        + " 'provisioning' GROUP BY lease_owner");
            ResultSet rs = s.executeQuery()) {
          int leases = 0;
          while (rs.next()) {
            leases += rs.getInt(2);
            mostOnOneInstance = Math.max(mostOnOneInstance, rs.getInt(2));
          }
          mostLeases = Math.max(mostLeases, leases);
        }
        assertThat(System.nanoTime()).as("20 jobs end within 5 minutes").isLessThan(deadline);
        Thread.sleep(25);
      }
      try (PreparedStatement s =
          master.prepareStatement(
              "SELECT count(*) FROM jobs WHERE status = 'SUCCEEDED' AND id = ANY (?)")) {
        s.setArray(1, ids(master, jobIds));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("jobs succeeded").isEqualTo(JOBS);
        }
      }
    }
    assertThat(mostLeases).as("leases held at once by 2 x 4 threads").isBetween(1, 8);
    assertThat(mostOnOneInstance).as("leases held at once by one instance").isBetween(1, 4);

    List<String> events = stream.get(2, TimeUnit.MINUTES);
    assertThat(events.get(0))
        .as("the followed job had not ended when its stream opened")
        .containsAnyOf("\"status\":\"queued\"", "\"status\":\"running\"");
    assertThat(events).as("events of the followed job").hasSizeGreaterThan(1);
    assertThat(events.get(events.size() - 1)).contains("\"status\":\"succeeded\"");
  }

  private static int finished(Connection master, List<String> jobIds) throws Exception {
    try (PreparedStatement s =
        master.prepareStatement(
            "SELECT count(*) FROM jobs WHERE id = ANY (?) AND status IN ('SUCCEEDED', 'FAILED',"
                + " 'CANCELLED')")) {
      s.setArray(1, ids(master, jobIds));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static java.sql.Array ids(Connection master, List<String> jobIds) throws Exception {
    return master.createArrayOf("uuid", jobIds.stream().map(UUID::fromString).toArray());
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
