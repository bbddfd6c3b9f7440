package io.storeplane.api.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.fleet.FleetStores;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.process.AppProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A rollout on two packaged instances sharing one master: its workers run on both, one instance is
 * killed (as {@code kill -9}) while it migrates a store, the other takes its worker over once the
 * lease expires, and the rollout completes with every store's database holding version 4 exactly
 * once in its own history.
 */
class RolloutClusterIT {

  private static final int TARGET = 4;

  @Test
  void twoInstancesMigrateEachStoreOnceAndAKilledOneIsTakenOver() throws Exception {
    List<TestDatabase> dbs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      dbs.add(
          TestDatabases.server(i < 4 ? Engine.POSTGRESQL : Engine.MYSQL).createDatabase("rollit"));
    }
    try (ControlPlaneCluster cluster =
        ControlPlaneCluster.start(
            2,
            Map.of("STOREPLANE_JOBS_WORKER_LEASE", "5s", "STOREPLANE_JOBS_WORKER_THREADS", "2"))) {
      List<String> stores = new ArrayList<>();
      List<String> jobs = new ArrayList<>();
      for (int i = 0; i < dbs.size(); i++) {
        TestDatabase db = dbs.get(i);
        JsonPath created =
            as(cluster, cluster.instance(i % 2))
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "name",
                        "Rollout " + i,
                        "slug",
                        "rollit-" + UUID.randomUUID().toString().substring(0, 8),
                        "plan",
                        "free",
                        "database",
                        DatabaseOptions.existing(db, db.password())))
                .post("/api/v1/stores")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        stores.add(created.getString("id"));
        jobs.add(created.getString("provisioningJobId"));
      }
      for (String job : jobs) {
        String status =
            await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () ->
                        as(cluster, cluster.instance(1))
                            .get("/api/v1/provision/" + job + "/status")
                            .jsonPath()
                            .getString("status"),
                    s -> !s.equals("queued") && !s.equals("running"));
        assertThat(status).as("provisioning job %s", job).isEqualTo("succeeded");
      }
      try (Connection master = cluster.master().connect()) {
        for (int i = 0; i < dbs.size(); i++) {
          FleetStores.rebuildAt(dbs.get(i), 3, master, stores.get(i));
        }
      }

      String id =
          as(cluster, cluster.instance(1))
              .contentType(ContentType.JSON)
              .body(FleetStores.request(stores, null, FleetStores.wave(100, 2)))
              .post("/api/v1/rollouts")
              .then()
              .statusCode(202)
              .extract()
              .path("id");

      // kill an instance while one of its workers migrates a store: whichever instance claimed a
      // worker first (both workers may go to either one)
      int[] victim = {-1};
      String held =
          await()
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(20))
              .until(
                  () -> {
                    for (int i = 0; i < 2; i++) {
                      String store = storeMigratingOn(cluster, id, cluster.instance(i).pid());
                      if (store != null) {
                        victim[0] = i;
                        return store;
                      }
                    }
                    return null;
                  },
                  s -> s != null);
      cluster.kill(victim[0]);
      AppProcess survivor = cluster.instance(1 - victim[0]);

      JsonPath done =
          await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> as(cluster, survivor).get("/api/v1/rollouts/" + id).jsonPath(),
                  r -> !r.getString("state").equals("running"));
      assertThat(done.getString("state")).as(done.prettify()).isEqualTo("completed");
      assertThat(done.getInt("counts.applied")).isEqualTo(6);
      List<Map<String, Object>> items = done.getList("stores.items");
      assertThat(items)
          .filteredOn(item -> item.get("storeId").equals(held))
          .singleElement()
          .satisfies(item -> assertThat((Integer) item.get("attempts")).isEqualTo(2));
      for (TestDatabase db : dbs) {
        assertThat(
                FleetStores.rows(
                    db,
                    "SELECT count(*) FROM "
                        + ClientSchema.historyTable()
                        + " WHERE version = '"
                        + TARGET
                        + "' AND success"))
            .as("version %d applied once in %s", TARGET, db.name())
            .containsExactly("1");
      }
    } finally {
      dbs.forEach(TestDatabase::close);
    }
  }

  /** The store a worker leased by the instance of {@code pid} migrates now, if any. */
  private static String storeMigratingOn(ControlPlaneCluster cluster, String rollout, long pid)
      throws Exception {
    try (Connection master = cluster.master().connect();
        PreparedStatement s =
            master.prepareStatement(
                "SELECT i.store_id FROM rollout_items i JOIN jobs j ON j.id = i.claimed_by"
                    + " WHERE i.rollout_id = ? AND i.state = 'RUNNING' AND j.lease_owner LIKE ?")) {
      s.setObject(1, UUID.fromString(rollout));
      s.setString(2, pid + "@%");
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static RequestSpecification as(ControlPlaneCluster cluster, AppProcess instance) {
    return given()
        .baseUri("http://127.0.0.1")
        .port(instance.port())
        .header("Authorization", "Bearer " + cluster.adminToken());
  }
}
