package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.billing.requestlog.RequestLogPartitionsKind;
import io.storeplane.billing.requestlog.RequestLogTable;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The request log end to end: store data calls made through the REST API with a store's own token
 * land in {@code api_usage_logs} with their route template (never the raw path), status, the error
 * code of a refused call and the user agent; the partition job queued at start-up made today's and
 * the next seven days' partitions; the retention is a platform setting with a rule.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLogTest {

  private static final String RETENTION =
      "/api/v1/admin/settings/storeplane.retention.request-logs";

  @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
  java.net.URL management;

  @Inject DataSource master;
  @Inject Clock clock;
  @Inject RequestLogPartitionsKind partitionsKind;

  private TestDatabase database;

  @BeforeAll
  void storeDatabase() throws Exception {
    DriverClassLoaderGuard.installTestPolicy();
    database = TestDatabases.postgres().createDatabase("apireqlog");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setMaximumPoolSize(2);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      new ClientSchemaMigrator(dataSource, Dialect.POSTGRESQL).migrate();
    }
  }

  @AfterAll
  void drop() {
    database.close();
  }

  @Test
  void storeCallsAreLoggedWithTheirTemplateStatusErrorCodeAndUserAgent() throws Exception {
    String store = register();
    String token = TestCallers.tokenForStore(store);
    double writtenBefore = metric("storeplane_request_log_written_total");
    String agent = "reqlog-test/" + UUID.randomUUID();
    String data = "/api/v1/stores/" + store + "/data/";

    as(token)
        .header("User-Agent", agent)
        .contentType(ContentType.JSON)
        .body(Map.of("name", "Hats", "slug", "hats-" + UUID.randomUUID()))
        .post(data + "categories")
        .then()
        .statusCode(201);
    as(token)
        .header("User-Agent", agent)
        .queryParam("name", "Hats")
        .get(data + "categories")
        .then()
        .statusCode(200);
    as(token)
        .header("User-Agent", agent)
        .get(data + "pg_shadow")
        .then()
        .statusCode(400)
        .body("code", equalTo("unknown-table"));
    // A platform caller under the store's path is logged too, marked as such.
    asAdmin().header("User-Agent", agent).get("/api/v1/stores/" + store).then().statusCode(200);

    await().atMost(Duration.ofSeconds(30)).until(() -> rows(agent).size() == 4);
    List<Map<String, Object>> rows = rows(agent);
    String template = "/api/v1/stores/{id}/data/{table}";
    assertThat(rows)
        .extracting(
            row -> row.get("method"),
            row -> row.get("endpoint"),
            row -> row.get("status_code"),
            row -> row.get("error_code"),
            row -> row.get("platform_caller"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", template, 201, null, false),
            org.assertj.core.groups.Tuple.tuple("GET", template, 200, null, false),
            org.assertj.core.groups.Tuple.tuple("GET", template, 400, "unknown-table", false),
            org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/stores/{id}", 200, null, true));
    for (Map<String, Object> row : rows) {
      assertThat(row.get("store_id")).isEqualTo(UUID.fromString(store));
      assertThat(row.get("user_agent")).isEqualTo(agent);
      assertThat((Long) row.get("duration_us")).isPositive();
      assertThat((String) row.get("client_address")).isNotBlank();
      assertThat((String) row.get("request_id")).isNotBlank();
    }
    assertThat(rows)
        .extracting(row -> (String) row.get("endpoint"))
        .noneMatch(endpoint -> endpoint.contains(store) || endpoint.contains("categories"));

    // The writer's counters, as Prometheus scrapes them: at least these four were written.
    assertThat(metric("storeplane_request_log_written_total"))
        .isGreaterThanOrEqualTo(writtenBefore + 4);
    // The others are there (their values depend on what other tests in this JVM did to the master).
    assertThat(metric("storeplane_request_log_sampled_out_total")).isZero();
    assertThat(metric("storeplane_request_log_dropped_total")).isNotNegative();
    assertThat(metric("storeplane_request_log_batch_failures_total")).isNotNegative();
    assertThat(metric("storeplane_request_log_failed_total")).isNotNegative();
    assertThat(metric("storeplane_request_log_queued")).isNotNegative();
  }

  /** One unlabelled sample of the management interface's Prometheus text. */
  private double metric(String name) {
    String metrics =
        io.restassured.RestAssured.given()
            .get(java.net.URI.create(management.toString()).resolve("/q/metrics"))
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return metrics
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in /q/metrics"));
  }

  @Test
  void theStartUpJobMadeTodaysPartitionAndTheNextSevenDays() {
    LocalDate today = RequestLogTable.dayOf(clock.instant());
    List<LocalDate> week = Stream.iterate(today, day -> day.plusDays(1)).limit(8).toList();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(new RequestLogTable(master).partitions()).containsAll(week));
  }

  @Test
  void theRetentionIsAPlatformSettingWithARule() {
    try {
      asAdmin()
          .contentType(ContentType.JSON)
          .body(Map.of("value", "45d"))
          .put(RETENTION)
          .then()
          .statusCode(200)
          .body("value", equalTo("45d"));
      assertThat(partitionsKind.retention()).isEqualTo(Duration.ofDays(45));

      for (String bad : List.of("45", "0d", "-1d", "1.5d", "30 days", "P30D", "12345d")) {
        asAdmin()
            .contentType(ContentType.JSON)
            .body(Map.of("value", bad))
            .put(RETENTION)
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .body("code", equalTo("invalid-setting"));
      }
      assertThat(partitionsKind.retention()).isEqualTo(Duration.ofDays(45));
    } finally {
      asAdmin().delete(RETENTION).then().statusCode(200).body("set", equalTo(false));
    }
    assertThat(partitionsKind.retention()).isEqualTo(Duration.ofDays(30));
  }

  private List<Map<String, Object>> rows(String agent) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT store_id, platform_caller, method, endpoint, status_code, duration_us,"
                    + " error_code, client_address, user_agent, request_id FROM api_usage_logs"
                    + " WHERE user_agent = ? ORDER BY occurred_at")) {
      s.setString(1, agent);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("store_id", rs.getObject("store_id", UUID.class));
          row.put("platform_caller", rs.getBoolean("platform_caller"));
          row.put("method", rs.getString("method"));
          row.put("endpoint", rs.getString("endpoint"));
          row.put("status_code", rs.getInt("status_code"));
          row.put("duration_us", rs.getLong("duration_us"));
          row.put("error_code", rs.getString("error_code"));
          row.put("client_address", rs.getString("client_address"));
          row.put("user_agent", rs.getString("user_agent"));
          row.put("request_id", rs.getString("request_id"));
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private String register() {
    String store =
        asAdmin()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "name",
                    "Logged store",
                    "slug",
                    "reqlog-" + UUID.randomUUID().toString().substring(0, 8),
                    "plan",
                    "free",
                    "database",
                    Map.of(
                        "type",
                        "postgresql",
                        "host",
                        database.server().host(),
                        "port",
                        database.server().port(),
                        "database",
                        database.name(),
                        "username",
                        database.username(),
                        "password",
                        "unused-with-trust")))
            .post("/api/v1/stores")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    var done =
        JobPolling.awaitEnd(
            asAdmin().get("/api/v1/stores/" + store).jsonPath().getString("provisioningJobId"),
            status -> {});
    assertThat(done.getString("status")).as(done.prettify()).isEqualTo("succeeded");
    return store;
  }
}
