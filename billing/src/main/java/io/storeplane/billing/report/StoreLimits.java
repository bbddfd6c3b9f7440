package io.storeplane.billing.report;

import io.storeplane.master.plan.LimitMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How near a store is to each limit of its plan, from {@code usage_metrics}: products and storage
 * as of its last rolled-up day (before any rollup, the store's counters), orders created this UTC
 * month on the days rolled up so far, and API calls today as counted by the meter's flushes.
 */
public final class StoreLimits {

  private static final String SQL =
      """
      SELECT p.code, p.max_products, p.max_orders_per_month, p.max_storage_mb,
             p.max_api_calls_per_day, p.products_limit, p.orders_limit, p.storage_limit,
             p.api_calls_limit,
             COALESCE((SELECT u.products FROM usage_metrics u
                        WHERE u.store_id = s.id AND u.rolled_up_at IS NOT NULL
                        ORDER BY u.metric_date DESC LIMIT 1), s.product_count) AS products,
             COALESCE((SELECT u.storage_mb FROM usage_metrics u
                        WHERE u.store_id = s.id AND u.rolled_up_at IS NOT NULL
                        ORDER BY u.metric_date DESC LIMIT 1), s.storage_used_mb) AS storage_mb,
             (SELECT COALESCE(sum(u.orders), 0) FROM usage_metrics u
               WHERE u.store_id = s.id AND u.metric_date BETWEEN ? AND ?) AS orders,
             (SELECT COALESCE(sum(u.api_calls), 0) FROM usage_metrics u
               WHERE u.store_id = s.id AND u.metric_date = ?) AS api_calls
        FROM stores s JOIN plans p ON p.code = s.plan_code
       WHERE s.id = ?
      """;

  private StoreLimits() {}

  /**
   * The store's plan code and its four limits, in the order products, orders per month, storage,
   * API calls per day; empty when no store has the id.
   *
   * @param today the current UTC day (the month and the day the limits count)
   */
  public static Optional<Limits> of(Connection connection, UUID storeId, LocalDate today)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SQL)) {
      statement.setDate(1, Date.valueOf(today.withDayOfMonth(1)));
      statement.setDate(2, Date.valueOf(today));
      statement.setDate(3, Date.valueOf(today));
      statement.setObject(4, storeId);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Limits(
                row.getString("code"),
                List.of(
                    LimitUsage.of(
                        LimitUsage.PRODUCTS,
                        limit(row, "max_products"),
                        row.getLong("products"),
                        LimitMode.valueOf(row.getString("products_limit"))),
                    LimitUsage.of(
                        LimitUsage.ORDERS_PER_MONTH,
                        limit(row, "max_orders_per_month"),
                        row.getLong("orders"),
                        LimitMode.valueOf(row.getString("orders_limit"))),
                    LimitUsage.of(
                        LimitUsage.STORAGE_MB,
                        limit(row, "max_storage_mb"),
                        row.getLong("storage_mb"),
                        LimitMode.valueOf(row.getString("storage_limit"))),
                    LimitUsage.of(
                        LimitUsage.API_CALLS_PER_DAY,
                        limit(row, "max_api_calls_per_day"),
                        row.getLong("api_calls"),
                        LimitMode.valueOf(row.getString("api_calls_limit"))))));
      }
    }
  }

  private static Long limit(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  /**
   * A store's plan and its usage of each limit.
   *
   * @param plan the plan code
   * @param limits products, orders per month, storage, API calls per day
   */
  public record Limits(String plan, List<LimitUsage> limits) {}
}
