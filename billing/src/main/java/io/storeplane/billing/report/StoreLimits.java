package io.storeplane.billing.report;

import io.storeplane.billing.plan.PlanTerms;
import io.storeplane.billing.plan.PlanTermsReader;
import io.storeplane.billing.plan.Storage;
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
 * How near a store is to each limit of its plan ({@link PlanTerms}), from {@code usage_metrics}:
 * products and storage as of its last rolled-up day (before any rollup, the store's counters),
 * orders created this UTC month on the days rolled up so far, and API calls today as counted by the
 * meter's flushes. Storage is shown in whole MiB by {@link Storage}'s rule (rounded down), the one
 * a write's 402 uses: it is at or over the limit exactly when writes are refused for it.
 */
public final class StoreLimits {

  private static final String SQL =
      """
      SELECT %s, s.product_count, s.storage_used_mb, r.products, r.storage_bytes, r.storage_mb,
             (SELECT COALESCE(sum(u.orders), 0) FROM usage_metrics u
               WHERE u.store_id = s.id AND u.metric_date BETWEEN ? AND ?) AS orders,
             (SELECT COALESCE(sum(u.api_calls), 0) FROM usage_metrics u
               WHERE u.store_id = s.id AND u.metric_date = ?) AS api_calls
        FROM %s
        LEFT JOIN LATERAL (
             SELECT u.products, u.storage_bytes, u.storage_mb FROM usage_metrics u
              WHERE u.store_id = s.id AND u.rolled_up_at IS NOT NULL
              ORDER BY u.metric_date DESC LIMIT 1) r ON TRUE
       WHERE s.id = ?
      """
          .formatted(PlanTermsReader.COLUMNS, PlanTermsReader.FROM);

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
        PlanTerms terms = PlanTermsReader.read(row);
        boolean rolledUp = row.getObject("products") != null;
        long products = rolledUp ? row.getLong("products") : row.getLong("product_count");
        long storageBytes =
            rolledUp
                ? Storage.bytes(row.getLong("storage_bytes"), row.getLong("storage_mb"))
                : Storage.bytes(0, row.getLong("storage_used_mb"));
        return Optional.of(
            new Limits(
                terms.plan(),
                List.of(
                    usage(LimitUsage.PRODUCTS, terms.products(), products),
                    usage(
                        LimitUsage.ORDERS_PER_MONTH, terms.ordersPerMonth(), row.getLong("orders")),
                    usage(
                        LimitUsage.STORAGE_MB, terms.storageMb(), Storage.mebibytes(storageBytes)),
                    usage(
                        LimitUsage.API_CALLS_PER_DAY,
                        terms.apiCallsPerDay(),
                        row.getLong("api_calls")))));
      }
    }
  }

  private static LimitUsage usage(String name, PlanTerms.Term term, long usage) {
    return LimitUsage.of(name, term.max(), usage, term.mode());
  }

  /**
   * A store's plan and its usage of each limit.
   *
   * @param plan the plan code
   * @param limits products, orders per month, storage, API calls per day
   */
  public record Limits(String plan, List<LimitUsage> limits) {}
}
