package io.storeplane.api.provisioning;

import static io.storeplane.api.JobPolling.status;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import io.storeplane.api.TestWorkers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobStore;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.testing.time.SettableClock;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 8: a managed store that no registered server can ever take is refused when it
 * is requested (422 {@code no-database-server}, naming what to register), and a job that finds no
 * such server fails at once instead of retrying {@code no-server-capacity}; a server that is only
 * full could get room back, so that job is retried and placed once a server can take it.
 *
 * <p>The test application has a default MySQL server; the tests make every MySQL server unable to
 * take a store (drained, or full) by writing the master and restore it after each test. Workers are
 * off in this profile (shared with the takeover tests), so no other job runs meanwhile and the
 * tests drive the jobs themselves.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class UnplaceableStoreTest {

  private static final String PROBLEM = "urn:storeplane:problem:no-database-server";

  @Inject DataSource master;
  @Inject JobStore records;
  @Inject DatabaseProviders providers;

  /** The MySQL servers as they were: id, status, max_stores. */
  private final List<Object[]> mysqlServers = new ArrayList<>();

  private String filler;

  @BeforeEach
  void rememberTheMysqlServers() throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, status, max_stores FROM database_servers WHERE engine = 'MYSQL'");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        mysqlServers.add(new Object[] {rs.getObject(1), rs.getString(2), rs.getInt(3)});
      }
    }
    assertThat(mysqlServers).extracting(row -> row[1]).contains("ACTIVE");
  }

  @AfterEach
  void restoreTheMysqlServers() throws SQLException {
    for (Object[] server : mysqlServers) {
      update(
          "UPDATE database_servers SET status = ?, max_stores = ? WHERE id = ?",
          server[1],
          server[2],
          server[0]);
    }
    if (filler != null) {
      update("UPDATE stores SET database_server_id = NULL WHERE id = ?", UUID.fromString(filler));
    }
  }

  @Test
  void aManagedMysqlStoreNoServerCanTakeIsRefusedAtOnceOnBothEndpoints() throws SQLException {
    drainEveryMysqlServer();
    String slug = "unplaced-" + UUID.randomUUID().toString().substring(0, 8);
    Response refused =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "Unplaced",
                    "slug",
                    slug,
                    "plan",
                    "free",
                    "database",
                    Map.of("type", "managed-mysql")))
            .post("/api/v1/stores");
    refused
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEM))
        .body("code", equalTo("no-database-server"))
        .body("detail", containsString("POST /api/v1/database-servers"))
        .body("detail", containsString("mysql"));
    assertThat(refused.asString()).doesNotContain(slug);
    assertThat(count("SELECT count(*) FROM stores WHERE slug = ?", slug))
        .as("nothing was created")
        .isZero();

    String storeId = TestCallers.newStore();
    asAdmin()
        .contentType(ContentType.JSON)
        .body(Map.of("storeId", storeId, "databaseType", "managed-mysql"))
        .post("/api/v1/provision")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("type", equalTo(PROBLEM))
        .body("detail", containsString("POST /api/v1/database-servers"));
    asAdmin()
        .get("/api/v1/stores/" + storeId)
        .then()
        .body("databaseStatus", equalTo("none"))
        .body("provisioningJobId", equalTo(null));

    // The rule is per engine: PostgreSQL still has its server.
    String jobId =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("storeId", storeId, "databaseType", "managed-postgresql"))
            .post("/api/v1/provision")
            .then()
            .statusCode(202)
            .extract()
            .path("jobId");
    asAdmin().post("/api/v1/provision/" + jobId + "/cancel").then().statusCode(200);
  }

  @Test
  void aJobThatFindsNoServerFailsAtOnceWithoutRetrying() throws SQLException {
    String jobId =
        TestCallers.newStore("Orphan job", "nojob", Map.of("type", "managed-mysql"))
            .getString("provisioningJobId");
    // Every MySQL server is drained after the request was accepted (the race the check at
    // request time cannot close).
    drainEveryMysqlServer();
    SettableClock clock = new SettableClock(Instant.now());
    ClaimedJob job = TestWorkers.claim(records, "test-worker", clock, UUID.fromString(jobId));
    TestWorkers.runner(records, providers, clock, null).run(job, "test-worker");

    JsonPath done = status(jobId);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("failed");
    assertThat(done.getString("error.code")).isEqualTo("no-database-server");
    assertThat(done.getString("error.message")).contains("POST /api/v1/database-servers");
    assertThat(done.getInt("attempt")).as("not retried").isEqualTo(1);
  }

  @Test
  void aJobThatFindsOnlyAFullServerIsRetriedAndPlacedOnceOneHasRoom() throws SQLException {
    String storeId =
        TestCallers.newStore("Waiting job", "full", Map.of("type", "managed-mysql"))
            .getString("id");
    String jobId =
        asAdmin().get("/api/v1/stores/" + storeId).jsonPath().getString("provisioningJobId");
    Object kept = fillOneMysqlServerAndDrainTheRest();
    SettableClock clock = new SettableClock(Instant.now());
    ClaimedJob first = TestWorkers.claim(records, "test-worker", clock, UUID.fromString(jobId));
    TestWorkers.runner(records, providers, clock, null).run(first, "test-worker");

    JsonPath retrying = status(jobId);
    assertThat(retrying.getString("status")).as(retrying.prettify()).isEqualTo("queued");
    assertThat(retrying.getString("error.code")).isEqualTo("no-server-capacity");

    // The full server gets room back.
    update("UPDATE database_servers SET max_stores = max_stores + 1 WHERE id = ?", kept);
    clock.advance(Duration.ofMinutes(2));
    ClaimedJob second = TestWorkers.claim(records, "test-worker", clock, UUID.fromString(jobId));
    assertThat(second.attempt()).isEqualTo(2);
    TestWorkers.runner(records, providers, clock, null).run(second, "test-worker");

    JsonPath done = status(jobId);
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    assertThat(asAdmin().get("/api/v1/stores/" + storeId).jsonPath().getString("database.serverId"))
        .isEqualTo(kept.toString());
  }

  private void drainEveryMysqlServer() throws SQLException {
    update("UPDATE database_servers SET status = 'DRAINING' WHERE engine = 'MYSQL'");
  }

  /**
   * Leaves one active MySQL server (the first remembered active one), full: a store placed on it
   * and {@code max_stores} equal to what it holds; drains the others. Returns its id.
   */
  private Object fillOneMysqlServerAndDrainTheRest() throws SQLException {
    Object kept =
        mysqlServers.stream().filter(s -> "ACTIVE".equals(s[1])).findFirst().orElseThrow()[0];
    update(
        "UPDATE database_servers SET status = 'DRAINING' WHERE engine = 'MYSQL' AND id <> ?", kept);
    filler = TestCallers.newStore();
    update("UPDATE stores SET database_server_id = ? WHERE id = ?", kept, UUID.fromString(filler));
    update(
        "UPDATE database_servers SET max_stores = (SELECT count(*) FROM stores WHERE"
            + " database_server_id = ?) WHERE id = ?",
        kept,
        kept);
    return kept;
  }

  private void update(String sql, Object... values) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }

  private long count(String sql, Object value) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, value);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
