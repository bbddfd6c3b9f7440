package io.storeplane.api.provisioning;

import static io.storeplane.api.JobPolling.status;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 50 stores onboarded at once (half PostgreSQL, half MariaDB): all succeed, each exactly once. */
@QuarkusTest
class ConcurrentOnboardingTest {

  private static final int STORES = 50;

  @Test
  void fiftyConcurrentOnboardingsAllSucceedExactlyOnce() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(10);
    List<Future<JsonPath>> created = new ArrayList<>();
    for (int i = 0; i < STORES; i++) {
      String type = i % 2 == 0 ? "managed-postgresql" : "managed-mysql";
      created.add(clients.submit(() -> create(type)));
    }
    List<String> storeIds = new ArrayList<>();
    List<String> jobIds = new ArrayList<>();
    for (Future<JsonPath> f : created) {
      storeIds.add(f.get().getString("id"));
      jobIds.add(f.get().getString("provisioningJobId"));
    }
    clients.shutdown();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> jobIds.stream().allMatch(id -> finished(status(id))));

    Set<String> names = new HashSet<>();
    for (int i = 0; i < STORES; i++) {
      JsonPath job = status(jobIds.get(i));
      assertThat(job.getString("status")).as(job.prettify()).isEqualTo("succeeded");
      assertThat(job.getInt("tablesCreated")).isEqualTo(job.getInt("totalTables"));
      // A shared server may refuse connections for a moment (too many clients): such a job
      // retries, and its create-database step then finds its database and creates nothing.
      assertThat(
              job.getList(
                  "steps.findAll { it.step == 'create-database' && it.status == 'succeeded' }"))
          .hasSize(1);
      JsonPath store = asAdmin().get("/api/v1/stores/" + storeIds.get(i)).jsonPath();
      assertThat(store.getString("provisioningJobId")).isEqualTo(jobIds.get(i));
      names.add(store.getString("database.name"));
    }
    assertThat(names).hasSize(STORES);
    int pg = 0;
    try (Connection c = TestDatabases.postgres().connectAdmin("postgres");
        var s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
      while (rs.next()) {
        pg += names.contains(rs.getString(1)) ? 1 : 0;
      }
    }
    int mysql = 0;
    try (Connection c = TestDatabases.mysql().connectAdmin("mysql");
        var s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
      while (rs.next()) {
        mysql += names.contains(rs.getString(1)) ? 1 : 0;
      }
    }
    assertThat(pg).isEqualTo(STORES / 2);
    assertThat(mysql).isEqualTo(STORES / 2);

    for (String id : storeIds) {
      String slug = asAdmin().get("/api/v1/stores/" + id).jsonPath().getString("slug");
      // 503 means the shared server is out of connections for a moment: try again.
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  asAdmin()
                      .contentType(ContentType.JSON)
                      .body(Map.of("action", "purge", "confirm", slug))
                      .post("/api/v1/stores/" + id + "/deprovision")
                      .then()
                      .log()
                      .ifValidationFails()
                      .statusCode(200));
    }
  }

  private static boolean finished(JsonPath status) {
    return List.of("succeeded", "failed", "cancelled").contains(status.getString("status"));
  }

  private static JsonPath create(String type) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .body(
            Map.of(
                "name",
                "Concurrent store",
                "slug",
                "c-" + UUID.randomUUID().toString().substring(0, 8),
                "plan",
                "free",
                "database",
                Map.of("type", type)))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }
}
