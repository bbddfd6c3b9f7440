package io.storeplane.billing.report;

import io.storeplane.master.store.Page;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code usage_metrics} rows as {@link UsageRow}s, by day or summed by month, one page at a
 * time, ordered by store and period (stable across pages). The SQL is fixed text: filters are bound
 * parameters, never spliced in.
 */
public final class UsageReads {

  private static final String DAY_COLUMNS =
      """
      SELECT u.store_id, s.slug, s.plan_code, u.metric_date AS period_start,
             u.metric_date AS period_end, u.api_calls, u.client_errors, u.server_errors, u.orders,
             u.revenue, u.products, u.products_created, u.products_updated, u.products_deleted,
             u.storage_bytes, u.storage_mb, u.bandwidth_mb, u.rolled_up_at
      """;

  /** Sums of the month's days; products and storage from its last rolled-up day. */
  private static final String MONTH_COLUMNS =
      """
      SELECT u.store_id, s.slug, s.plan_code,
             GREATEST(date_trunc('month', u.metric_date)::date, ?) AS period_start,
             LEAST((date_trunc('month', u.metric_date) + interval '1 month - 1 day')::date, ?)
               AS period_end,
             sum(u.api_calls) AS api_calls, sum(u.client_errors) AS client_errors,
             sum(u.server_errors) AS server_errors, sum(u.orders) AS orders,
             sum(u.revenue) AS revenue,
             COALESCE((array_agg(u.products ORDER BY u.metric_date DESC)
               FILTER (WHERE u.rolled_up_at IS NOT NULL))[1], 0) AS products,
             sum(u.products_created) AS products_created,
             sum(u.products_updated) AS products_updated,
             sum(u.products_deleted) AS products_deleted,
             COALESCE((array_agg(u.storage_bytes ORDER BY u.metric_date DESC)
               FILTER (WHERE u.rolled_up_at IS NOT NULL))[1], 0) AS storage_bytes,
             COALESCE((array_agg(u.storage_mb ORDER BY u.metric_date DESC)
               FILTER (WHERE u.rolled_up_at IS NOT NULL))[1], 0) AS storage_mb,
             sum(u.bandwidth_mb) AS bandwidth_mb, max(u.rolled_up_at) AS rolled_up_at
      """;

  private static final String FROM =
      " FROM usage_metrics u JOIN stores s ON s.id = u.store_id WHERE u.metric_date BETWEEN ? AND ?";
  private static final String BY_STORE = " AND u.store_id = ?";
  private static final String BY_PLAN = " AND s.plan_code = ?";
  private static final String MONTH_GROUP =
      " GROUP BY u.store_id, s.slug, s.plan_code, date_trunc('month', u.metric_date)";

  private UsageReads() {}

  /** One page of rows and the number of rows across all pages. */
  public static Page<UsageRow> read(Connection connection, UsageQuery query) throws SQLException {
    boolean month = query.granularity() == Granularity.MONTH;
    String where =
        FROM
            + query.storeId().map(id -> BY_STORE).orElse("")
            + query.plan().map(p -> BY_PLAN).orElse("");
    String rows =
        (month ? MONTH_COLUMNS : DAY_COLUMNS)
            + where
            + (month ? MONTH_GROUP : "")
            + " ORDER BY 1, 4 LIMIT ? OFFSET ?";
    String count =
        month
            ? "SELECT count(*) FROM (SELECT 1" + where + MONTH_GROUP + ") g"
            : "SELECT count(*)" + where;
    long total;
    try (PreparedStatement statement = connection.prepareStatement(count)) {
      bindFilters(statement, 1, query);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        total = result.getLong(1);
      }
    }
    List<UsageRow> items = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(rows)) {
      int next = 1;
      if (month) {
        statement.setDate(next++, Date.valueOf(query.range().from()));
        statement.setDate(next++, Date.valueOf(query.range().to()));
      }
      next = bindFilters(statement, next, query);
      statement.setInt(next++, query.size());
      statement.setLong(next, (long) query.page() * query.size());
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          items.add(row(result));
        }
      }
    }
    return new Page<>(items, query.page(), query.size(), total);
  }

  private static int bindFilters(PreparedStatement statement, int first, UsageQuery query)
      throws SQLException {
    int next = first;
    statement.setDate(next++, Date.valueOf(query.range().from()));
    statement.setDate(next++, Date.valueOf(query.range().to()));
    if (query.storeId().isPresent()) {
      statement.setObject(next++, query.storeId().get());
    }
    if (query.plan().isPresent()) {
      statement.setString(next++, query.plan().get());
    }
    return next;
  }

  private static UsageRow row(ResultSet result) throws SQLException {
    Timestamp rolledUp = result.getTimestamp("rolled_up_at");
    return new UsageRow(
        result.getObject("store_id", java.util.UUID.class),
        result.getString("slug"),
        result.getString("plan_code"),
        result.getDate("period_start").toLocalDate(),
        result.getDate("period_end").toLocalDate(),
        result.getLong("api_calls"),
        result.getLong("client_errors"),
        result.getLong("server_errors"),
        result.getLong("orders"),
        result.getBigDecimal("revenue"),
        result.getLong("products"),
        result.getLong("products_created"),
        result.getLong("products_updated"),
        result.getLong("products_deleted"),
        result.getLong("storage_bytes"),
        result.getLong("storage_mb"),
        result.getLong("bandwidth_mb"),
        rolledUp == null ? null : rolledUp.toInstant());
  }
}
