package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.storeplane.api.TestCallers;
import io.storeplane.billing.metering.UsageFlusher;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The daily API quota through the REST API, on one instance: exact. */
@QuarkusTest
class ApiQuotaFilterTest {

  @Inject DataSource master;
  @Inject UsageFlusher flusher;

  @Test
  void theCallAtTheQuotaSucceedsAndTheNextGets429UntilMidnightUtc() throws SQLException {
    String storeId = TestCallers.newStore();
    String plan = "quota-" + UUID.randomUUID().toString().substring(0, 8);
    execute(
        "INSERT INTO plans (code, name, monthly_price, yearly_price, max_api_calls_per_day,"
            + " is_active) VALUES (?, 'Five calls a day', 0, 0, 5, FALSE)",
        plan);
    execute("UPDATE stores SET plan_code = ? WHERE id = ?::uuid", plan, storeId);
    String token = TestCallers.tokenForStore(storeId);

    for (int i = 1; i <= 5; i++) {
      as(token).get("/api/v1/stores/" + storeId).then().statusCode(200);
    }
    Response refused = as(token).get("/api/v1/stores/" + storeId);
    Instant answeredAt = Instant.now();

    refused
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:storeplane:problem:api-quota-exceeded"))
        .body("code", equalTo("api-quota-exceeded"));
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    long untilMidnight =
        Duration.between(
                answeredAt,
                LocalDate.ofInstant(answeredAt, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant())
            .toSeconds();
    assertThat(retryAfter).isBetween(untilMidnight - 5, untilMidnight + 5);
    as(token).get("/api/v1/stores/" + storeId).then().statusCode(429);

    // Calls without a valid token on the store's path are refused 401 and charged to no store:
    // nobody can use up a store's quota or bill it without its token or a platform user's.
    io.restassured.RestAssured.given().get("/api/v1/stores/" + storeId).then().statusCode(401);
    io.restassured.RestAssured.given()
        .header("Authorization", "Bearer spt_notatokenofanyone0000000000000000000000")
        .get("/api/v1/stores/" + storeId)
        .then()
        .statusCode(401);

    // A platform caller under the store is counted, never refused.
    asAdmin().get("/api/v1/stores/" + storeId).then().statusCode(200);

    assertThat(flusher.flush().succeeded()).isTrue();
    assertThat(
            number(
                "SELECT api_calls FROM usage_metrics WHERE store_id = ?::uuid AND metric_date = ?",
                storeId,
                LocalDate.now(ZoneOffset.UTC)))
        .as(
            "five admitted calls and the admin's; the refused and unauthenticated ones are not"
                + " counted")
        .isEqualTo(6);
    assertThat(
            number(
                "SELECT count(*) FROM stores WHERE id = ?::uuid AND last_activity_at IS NOT NULL",
                storeId))
        .isEqualTo(1);
  }

  @Test
  void aPlatformCallOnAPathNamingNoStoreIsAnswered404AndDoesNotFailTheFlush() {
    asAdmin().get("/api/v1/stores/" + UUID.randomUUID()).then().statusCode(404);
    assertThat(flusher.flush().succeeded()).isTrue();
  }

  private void execute(String sql, Object... values) throws SQLException {
    try (Connection connection = master.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      statement.executeUpdate();
    }
  }

  private long number(String sql, Object... values) {
    try (Connection connection = master.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
