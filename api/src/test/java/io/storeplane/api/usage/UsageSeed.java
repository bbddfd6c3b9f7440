package io.storeplane.api.usage;

import static io.storeplane.api.TestApi.asAdmin;

import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores registered through the API and {@code usage_metrics} rows written with SQL, as the meter
 * and the rollup (built elsewhere) would write them.
 */
final class UsageSeed {

  private final DataSource master;

  UsageSeed(DataSource master) {
    this.master = master;
  }

  /** A new store on {@code plan}; returns its id. */
  static String store(String plan) {
    return asAdmin()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "name",
                "Usage " + plan,
                "slug",
                "u-" + UUID.randomUUID().toString().substring(0, 13),
                "plan",
                plan))
        .post("/api/v1/stores")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** One day's row. */
  record Day(
      LocalDate date,
      long apiCalls,
      long clientErrors,
      long serverErrors,
      long[] histogram,
      int orders,
      String revenue,
      int products,
      long storageBytes,
      int storageMb,
      boolean rolledUp) {

    static Day calls(LocalDate date, long apiCalls, long... histogram) {
      return new Day(date, apiCalls, 0, 0, histogram, 0, "0", 0, 0, 0, false);
    }

    Day errors(long client, long server) {
      return new Day(
          date,
          apiCalls,
          client,
          server,
          histogram,
          orders,
          revenue,
          products,
          storageBytes,
          storageMb,
          rolledUp);
    }

    Day rolledUp(int orders, String revenue, int products, long storageBytes, int storageMb) {
      return new Day(
          date,
          apiCalls,
          clientErrors,
          serverErrors,
          histogram,
          orders,
          revenue,
          products,
          storageBytes,
          storageMb,
          true);
    }
  }

  void rows(String storeId, Day... days) throws SQLException {
    try (Connection connection = master.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                """
                INSERT INTO usage_metrics (store_id, metric_date, api_calls, client_errors,
                       server_errors, latency_histogram, orders, revenue, products, storage_bytes,
                       storage_mb, rolled_up_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, now())
                """)) {
      for (Day day : days) {
        insert.setObject(1, UUID.fromString(storeId));
        insert.setDate(2, Date.valueOf(day.date()));
        insert.setLong(3, day.apiCalls());
        insert.setLong(4, day.clientErrors());
        insert.setLong(5, day.serverErrors());
        Long[] histogram = new Long[day.histogram().length];
        for (int i = 0; i < histogram.length; i++) {
          histogram[i] = day.histogram()[i];
        }
        insert.setArray(6, connection.createArrayOf("bigint", histogram));
        insert.setInt(7, day.orders());
        insert.setBigDecimal(8, new BigDecimal(day.revenue()));
        insert.setInt(9, day.products());
        insert.setLong(10, day.storageBytes());
        insert.setInt(11, day.storageMb());
        insert.setBoolean(12, day.rolledUp());
        insert.executeUpdate();
      }
    }
  }
}
