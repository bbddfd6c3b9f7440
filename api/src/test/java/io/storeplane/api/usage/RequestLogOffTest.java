package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.as;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.api.TestCallers;
import io.storeplane.billing.metering.UsageFlusher;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code storeplane.request-log.enabled=false}: store requests are still metered into {@code
 * usage_metrics}, while the request log queues nothing and writes nothing to {@code
 * api_usage_logs}. Batches of one, so a log that ignored the switch would write each request as
 * soon as it is answered.
 */
@QuarkusTest
@TestProfile(RequestLogOffTest.RequestLogOff.class)
class RequestLogOffTest {

  /** The request log switched off; everything else as in the other tests. */
  public static class RequestLogOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "storeplane.request-log.enabled", "false", "storeplane.request-log.batch-size", "1");
    }
  }

  private static final List<String> COUNTERS =
      List.of(
          "storeplane.request-log.written",
          "storeplane.request-log.dropped",
          "storeplane.request-log.sampled-out",
          "storeplane.request-log.failed");

  @Inject DataSource master;
  @Inject UsageFlusher flusher;
  @Inject MeterRegistry registry;

  @Test
  void storeRequestsAreMeteredAndNothingIsLoggedOrQueued() throws SQLException {
    String store = TestCallers.newStore();
    String token = TestCallers.tokenForStore(store);
    Map<String, Double> before = counters();

    for (int i = 0; i < 3; i++) {
      as(token).get("/api/v1/stores/" + store).then().statusCode(200);
    }
    as(token)
        .queryParam("granularity", "hour")
        .get("/api/v1/stores/" + store + "/usage")
        .then()
        .statusCode(400);
    asAdmin().get("/api/v1/stores/" + store).then().statusCode(200);

    assertThat(flusher.flush().succeeded()).isTrue();
    assertThat(
            number(
                "SELECT api_calls FROM usage_metrics WHERE store_id = ? AND metric_date = ?",
                UUID.fromString(store),
                LocalDate.now(ZoneOffset.UTC)))
        .as("the five calls are metered")
        .isEqualTo(5);
    assertThat(
            number(
                "SELECT client_errors FROM usage_metrics WHERE store_id = ? AND metric_date = ?",
                UUID.fromString(store),
                LocalDate.now(ZoneOffset.UTC)))
        .isEqualTo(1);

    assertThat(
            number(
                "SELECT count(*) FROM api_usage_logs WHERE store_id = ?", UUID.fromString(store)))
        .as("no request of the store is logged")
        .isZero();
    assertThat(registry.get("storeplane.request-log.queued").gauge().value())
        .as("nothing is queued")
        .isZero();
    assertThat(counters()).as("nothing written, dropped, sampled out or lost").isEqualTo(before);
  }

  private Map<String, Double> counters() {
    return COUNTERS.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                name -> name, name -> registry.get(name).counter().count()));
  }

  private long number(String sql, Object... values) throws SQLException {
    try (Connection connection = master.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getLong(1);
      }
    }
  }
}
