package io.storeplane.billing.report;

import io.storeplane.master.store.Page;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The report tables of master V8: their refresh from {@code usage_metrics} and the reports read
 * from them. Framework-free (a JDBC {@link Connection} in, records out), so the bench measures this
 * very code.
 *
 * <p>A refresh recomputes only the days whose {@code usage_metrics} rows changed since the last one
 * ({@code updated_at} at or after its watermark; every day on the first run), in one REPEATABLE
 * READ transaction, so a report never mixes two refreshes and reads one snapshot of usage. Two
 * refreshes never overlap: each holds a session advisory lock while it runs, and the second waits.
 */
public final class ReportTables {

  /** The advisory lock key of a refresh ("usage-reports" as two ASCII-ish words). */
  private static final long LOCK_KEY = 0x7573616765_5245L;

  /**
   * How far before a refresh's start the next one looks for changed rows: covers the clocks of the
   * instances that stamp {@code updated_at} and transactions open while the refresh read.
   */
  public static final Duration OVERLAP = Duration.ofMinutes(10);

  private ReportTables() {}

  /**
   * What a refresh did.
   *
   * @param days the days recomputed
   * @param full whether every day was (the first refresh, or after the state was removed)
   * @param refreshedAt the time of the snapshot the tables now show
   */
  public record Refresh(List<LocalDate> days, boolean full, Instant refreshedAt) {}

  // ---------------------------------------------------------------- refresh

  private static final String PLAN_DAYS =
      """
      INSERT INTO usage_report_plan_days
             (metric_date, plan_code, stores, active_stores, api_calls, orders, revenue,
              storage_bytes)
      SELECT u.metric_date, COALESCE(sub.plan_code, s.plan_code), count(*),
             count(*) FILTER (WHERE u.api_calls > 0 OR u.orders > 0),
             sum(u.api_calls), sum(u.orders), sum(u.revenue), sum(u.storage_bytes)
        FROM usage_metrics u
        JOIN stores s ON s.id = u.store_id
        LEFT JOIN LATERAL (
             SELECT b.plan_code FROM subscriptions b
              WHERE b.store_id = u.store_id
                AND b.created_at < ((u.metric_date + 1)::timestamp AT TIME ZONE 'UTC')
              ORDER BY b.created_at DESC LIMIT 1) sub ON TRUE
       WHERE u.metric_date = ANY (?)
       GROUP BY 1, 2
      """;

  /** Each day's histograms summed bucket by bucket (a shorter array counts as zeros). */
  private static final String PLATFORM_DAYS =
      """
      INSERT INTO usage_report_platform_days
             (metric_date, stores, api_calls, client_errors, server_errors, latency_histogram)
      SELECT d.metric_date, d.stores, d.api_calls, d.client_errors, d.server_errors,
             COALESCE(h.histogram, '{}')
        FROM (SELECT metric_date, count(*) AS stores, sum(api_calls) AS api_calls,
                     sum(client_errors) AS client_errors, sum(server_errors) AS server_errors
                FROM usage_metrics WHERE metric_date = ANY (?) GROUP BY metric_date) d
        LEFT JOIN (
             SELECT metric_date, array_agg(total ORDER BY bucket) AS histogram
               FROM (SELECT u.metric_date, b.bucket, sum(b.count)::bigint AS total
                       FROM usage_metrics u,
                            unnest(u.latency_histogram) WITH ORDINALITY AS b(count, bucket)
                      WHERE u.metric_date = ANY (?)
                      GROUP BY 1, 2) buckets
              GROUP BY metric_date) h ON h.metric_date = d.metric_date
      """;

  /**
   * Running totals from {@code first} on: every store with a total on the last day before it
   * continues from there (the tables are dense up to that day for every store), a store whose first
   * row is later starts at it; one row per store and day up to the latest day of usage. Written in
   * day order, so one day's rows sit together on disk: a report reads two or three days of every
   * store, a few hundred pages instead of the whole table.
   */
  private static final String STORE_TOTALS =
      """
      INSERT INTO usage_report_store_totals (metric_date, store_id, api_calls, orders, revenue)
      SELECT d.day, st.store_id,
             st.base_calls + sum(COALESCE(u.api_calls, 0)) OVER w,
             st.base_orders + sum(COALESCE(u.orders, 0)) OVER w,
             st.base_revenue + sum(COALESCE(u.revenue, 0)) OVER w
        FROM (SELECT store_id, min(first_day) AS first_day, sum(base_calls) AS base_calls,
                     sum(base_orders) AS base_orders, sum(base_revenue) AS base_revenue
                FROM (SELECT store_id, metric_date + 1 AS first_day, api_calls AS base_calls,
                             orders AS base_orders, revenue AS base_revenue
                        FROM usage_report_store_totals
                       WHERE metric_date = (SELECT max(metric_date) FROM usage_report_store_totals
                                             WHERE metric_date < ?)
                      UNION ALL
                      SELECT store_id, min(metric_date), 0, 0, 0
                        FROM usage_metrics WHERE metric_date >= ? GROUP BY store_id) starts
               GROUP BY store_id) st
       CROSS JOIN LATERAL (
             SELECT g::date AS day
               FROM generate_series(st.first_day::timestamp, ?::timestamp, interval '1 day') g) d
        LEFT JOIN usage_metrics u ON u.store_id = st.store_id AND u.metric_date = d.day
      WINDOW w AS (PARTITION BY st.store_id ORDER BY d.day)
       ORDER BY d.day, st.store_id
      """;

  /**
   * Refreshes the report tables: the days changed since the last refresh (all of them on the
   * first), in one transaction on {@code connection}, which must be in auto-commit mode (it is left
   * so). Waits while another refresh runs.
   */
  public static Refresh refresh(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      throw new IllegalStateException("A refresh runs its own transaction");
    }
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
    try {
      connection.setAutoCommit(false);
      try {
        Refresh done = refreshLocked(connection);
        connection.commit();
        return done;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } finally {
      try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        unlock.setLong(1, LOCK_KEY);
        unlock.execute();
      }
    }
  }

  private static Refresh refreshLocked(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // The first statement of the transaction: every read below sees one snapshot.
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    }
    Instant snapshot = single(connection, "SELECT now()", r -> r.getTimestamp(1).toInstant());
    Optional<Instant> since =
        Optional.ofNullable(
            single(
                connection,
                "SELECT changes_since FROM usage_report_refreshes WHERE report = 'usage'",
                r -> r.getTimestamp(1).toInstant()));
    List<LocalDate> days = new ArrayList<>();
    try (PreparedStatement changed =
        connection.prepareStatement(
            since.isPresent()
                ? "SELECT DISTINCT metric_date FROM usage_metrics WHERE updated_at >= ? ORDER BY 1"
                : "SELECT DISTINCT metric_date FROM usage_metrics ORDER BY 1")) {
      if (since.isPresent()) {
        changed.setTimestamp(1, Timestamp.from(since.get()));
      }
      try (ResultSet rows = changed.executeQuery()) {
        while (rows.next()) {
          days.add(rows.getDate(1).toLocalDate());
        }
      }
    }
    if (since.isEmpty()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM usage_report_plan_days");
        statement.execute("DELETE FROM usage_report_platform_days");
        statement.execute("DELETE FROM usage_report_store_totals");
      }
    }
    if (!days.isEmpty()) {
      Array dayArray = connection.createArrayOf("date", days.stream().map(Date::valueOf).toArray());
      update(
          connection, "DELETE FROM usage_report_plan_days WHERE metric_date = ANY (?)", dayArray);
      update(connection, PLAN_DAYS, dayArray);
      update(
          connection,
          "DELETE FROM usage_report_platform_days WHERE metric_date = ANY (?)",
          dayArray);
      update(connection, PLATFORM_DAYS, dayArray, dayArray);
      Date first = Date.valueOf(days.get(0));
      Date last =
          single(connection, "SELECT max(metric_date) FROM usage_metrics", r -> r.getDate(1));
      update(connection, "DELETE FROM usage_report_store_totals WHERE metric_date >= ?", first);
      update(connection, STORE_TOTALS, first, first, last);
    }
    try (PreparedStatement state =
        connection.prepareStatement(
            """
            INSERT INTO usage_report_refreshes (report, refreshed_at, changes_since, days)
            VALUES ('usage', ?, ?, ?)
            ON CONFLICT (report) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at,
                   changes_since = EXCLUDED.changes_since, days = EXCLUDED.days
            """)) {
      state.setTimestamp(1, Timestamp.from(snapshot));
      state.setTimestamp(2, Timestamp.from(snapshot.minus(OVERLAP)));
      state.setInt(3, days.size());
      state.executeUpdate();
    }
    return new Refresh(List.copyOf(days), since.isEmpty(), snapshot);
  }

  // ---------------------------------------------------------------- reports

  /** When the tables were last refreshed; empty before the first refresh. */
  public static Optional<Instant> refreshedAt(Connection connection) throws SQLException {
    return Optional.ofNullable(
        single(
            connection,
            "SELECT refreshed_at FROM usage_report_refreshes WHERE report = 'usage'",
            r -> r.getTimestamp(1).toInstant()));
  }

  /** Per day and plan, oldest first, plans by code; only {@code plan}'s when given. */
  public static List<PlanDay> usageStatistics(
      Connection connection, DateRange range, Optional<String> plan) throws SQLException {
    String sql =
        "SELECT metric_date, plan_code, stores, active_stores, api_calls, orders, revenue,"
            + " storage_bytes FROM usage_report_plan_days WHERE metric_date BETWEEN ? AND ?"
            + plan.map(p -> " AND plan_code = ?").orElse("")
            + " ORDER BY metric_date, plan_code";
    List<PlanDay> days = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setDate(1, Date.valueOf(range.from()));
      statement.setDate(2, Date.valueOf(range.to()));
      if (plan.isPresent()) {
        statement.setString(3, plan.get());
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          days.add(
              new PlanDay(
                  rows.getDate(1).toLocalDate(),
                  rows.getString(2),
                  rows.getInt(3),
                  rows.getInt(4),
                  rows.getLong(5),
                  rows.getLong(6),
                  rows.getBigDecimal(7),
                  rows.getLong(8)));
        }
      }
    }
    return days;
  }

  /** The platform's days in the range, oldest first, from the report tables. */
  public static List<PerformanceDay> platformPerformance(Connection connection, DateRange range)
      throws SQLException {
    return performance(
        connection,
        "SELECT metric_date, api_calls, client_errors, server_errors, latency_histogram"
            + " FROM usage_report_platform_days WHERE metric_date BETWEEN ? AND ?"
            + " ORDER BY metric_date",
        range,
        Optional.empty());
  }

  /** One store's days in the range, oldest first, read from {@code usage_metrics} as they are. */
  public static List<PerformanceDay> storePerformance(
      Connection connection, UUID storeId, DateRange range) throws SQLException {
    return performance(
        connection,
        "SELECT metric_date, api_calls, client_errors, server_errors, latency_histogram"
            + " FROM usage_metrics WHERE metric_date BETWEEN ? AND ? AND store_id = ?"
            + " ORDER BY metric_date",
        range,
        Optional.of(storeId));
  }

  private static List<PerformanceDay> performance(
      Connection connection, String sql, DateRange range, Optional<UUID> storeId)
      throws SQLException {
    List<PerformanceDay> days = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setDate(1, Date.valueOf(range.from()));
      statement.setDate(2, Date.valueOf(range.to()));
      if (storeId.isPresent()) {
        statement.setObject(3, storeId.get());
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          days.add(
              PerformanceDay.of(
                  rows.getDate(1).toLocalDate(),
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  histogram(rows.getArray(5))));
        }
      }
    }
    return days;
  }

  /**
   * One read of the three days every store's figures need (the day before the range, the first
   * half's last day, the range's last day), grouped by store; ranked, counted and cut to the page
   * before the page's stores' names are read. Parameters: before, middle, end (each several times,
   * in the order of the {@code ?}s), then the plan when filtered, the page size and offset.
   */
  private static final String ANALYTICS =
      """
      SELECT r.*, s.slug, s.name, s.plan_code FROM (
        SELECT t.store_id, t.api_calls, t.orders, t.revenue,
               CASE WHEN t.first_calls > 0 THEN
                 round((t.api_calls - 2 * t.first_calls) * 100.0 / t.first_calls, 1)
               END AS calls_growth,
               CASE WHEN t.first_orders > 0 THEN
                 round((t.orders - 2 * t.first_orders) * 100.0 / t.first_orders, 1)
               END AS orders_growth,
               count(*) OVER () AS total
          FROM (SELECT store_id,
                       max(api_calls) FILTER (WHERE metric_date = ?)
                         - COALESCE(max(api_calls) FILTER (WHERE metric_date = ?), 0) AS api_calls,
                       max(orders) FILTER (WHERE metric_date = ?)
                         - COALESCE(max(orders) FILTER (WHERE metric_date = ?), 0) AS orders,
                       max(revenue) FILTER (WHERE metric_date = ?)
                         - COALESCE(max(revenue) FILTER (WHERE metric_date = ?), 0) AS revenue,
                       COALESCE(max(api_calls) FILTER (WHERE metric_date = ?), 0)
                         - COALESCE(max(api_calls) FILTER (WHERE metric_date = ?), 0)
                         AS first_calls,
                       COALESCE(max(orders) FILTER (WHERE metric_date = ?), 0)
                         - COALESCE(max(orders) FILTER (WHERE metric_date = ?), 0) AS first_orders
                  FROM usage_report_store_totals
                 WHERE metric_date IN (?, ?, ?) %s
                 GROUP BY store_id
                HAVING count(*) FILTER (WHERE metric_date = ?) > 0) t
         ORDER BY %s, store_id
         LIMIT ? OFFSET ?) r
        JOIN stores s ON s.id = r.store_id
       ORDER BY %s, r.store_id
      """;

  /**
   * Stores ranked over the range (its end clamped to the latest refreshed day), one page; a store
   * with no usage row by the range's end is not ranked. Growth compares the range's second half
   * with its first (the middle day goes to the second half when the days are odd).
   */
  public static Page<StoreRank> storeAnalytics(
      Connection connection,
      DateRange range,
      RankBy rankBy,
      Optional<String> plan,
      int page,
      int size)
      throws SQLException {
    Date latest =
        single(
            connection,
            "SELECT max(metric_date) FROM usage_report_store_totals",
            r -> r.getDate(1));
    if (latest == null || latest.toLocalDate().isBefore(range.from())) {
      return new Page<>(List.of(), page, size, 0);
    }
    LocalDate end = range.to().isAfter(latest.toLocalDate()) ? latest.toLocalDate() : range.to();
    long days = new DateRange(range.from(), end).days();
    LocalDate firstHalfEnd = range.from().plusDays(days / 2 - 1);
    String sql =
        ANALYTICS.formatted(
            plan.isPresent() ? "AND store_id IN (SELECT id FROM stores WHERE plan_code = ?)" : "",
            rankBy.order,
            rankBy.order);
    Date before = Date.valueOf(range.from().minusDays(1));
    Date middle = Date.valueOf(firstHalfEnd);
    Date last = Date.valueOf(end);
    long offset = (long) page * size;
    Page<StoreRank> found =
        withoutParallelWorkers(
            connection,
            () -> rankPage(connection, sql, before, middle, last, plan, size, offset, page));
    if (found.items().isEmpty() && page > 0) {
      // Past the last page: the window count came with no row; count the ranked stores alone.
      return new Page<>(List.of(), page, size, countRanked(connection, end, plan));
    }
    return found;
  }

  private static Page<StoreRank> rankPage(
      Connection connection,
      String sql,
      Date before,
      Date middle,
      Date last,
      Optional<String> plan,
      int size,
      long offset,
      int page)
      throws SQLException {
    List<StoreRank> ranks = new ArrayList<>();
    long total = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = 1;
      for (Date day :
          List.of(
              last, before, last, before, last, before, middle, before, middle, before, before,
              middle, last)) {
        statement.setDate(next++, day);
      }
      if (plan.isPresent()) {
        statement.setString(next++, plan.get());
      }
      statement.setDate(next++, last);
      statement.setInt(next++, size);
      statement.setLong(next, offset);
      try (ResultSet rows = statement.executeQuery()) {
        long rank = offset;
        while (rows.next()) {
          total = rows.getLong("total");
          ranks.add(
              new StoreRank(
                  ++rank,
                  rows.getObject("store_id", UUID.class),
                  rows.getString("slug"),
                  rows.getString("name"),
                  rows.getString("plan_code"),
                  rows.getLong("api_calls"),
                  rows.getLong("orders"),
                  rows.getBigDecimal("revenue"),
                  decimal(rows.getBigDecimal("calls_growth")),
                  decimal(rows.getBigDecimal("orders_growth"))));
        }
      }
    }
    return new Page<>(ranks, page, size, total);
  }

  private static long countRanked(Connection connection, LocalDate end, Optional<String> plan)
      throws SQLException {
    String sql =
        "SELECT count(*) FROM usage_report_store_totals e JOIN stores s ON s.id = e.store_id"
            + " WHERE e.metric_date = ?"
            + plan.map(p -> " AND s.plan_code = ?").orElse("");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setDate(1, Date.valueOf(end));
      if (plan.isPresent()) {
        statement.setString(2, plan.get());
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Runs a query with no parallel workers, in a transaction of its own when the connection is in
   * auto-commit ({@code SET LOCAL}, so a pooled connection keeps its settings). The report reads a
   * few hundred pages; starting workers cost more than that on a small loaded machine (measured:
   * 400 ms of a 600 ms answer at 10,000 stores were the Gather's start).
   */
  private static <T> T withoutParallelWorkers(Connection connection, Work<T> query)
      throws SQLException {
    boolean own = connection.getAutoCommit();
    if (own) {
      connection.setAutoCommit(false);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL max_parallel_workers_per_gather = 0");
      T result = query.run();
      if (own) {
        connection.commit();
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      if (own) {
        connection.rollback();
      }
      throw e;
    } finally {
      if (own) {
        connection.setAutoCommit(true);
      }
    }
  }

  private static Double decimal(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }

  static long[] histogram(Array array) throws SQLException {
    if (array == null) {
      return new long[0];
    }
    Object[] counts = (Object[]) array.getArray();
    long[] histogram = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      histogram[i] = counts[i] == null ? 0 : ((Number) counts[i]).longValue();
    }
    return histogram;
  }

  private static void update(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  @FunctionalInterface
  private interface Column<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** The first column of the only row, or null when there is no row or it is NULL. */
  private static <T> T single(Connection connection, String sql, Column<T> column)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        return null;
      }
      rows.getObject(1);
      return rows.wasNull() ? null : column.read(rows);
    }
  }
}
