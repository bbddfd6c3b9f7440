package io.storeplane.bench;

import io.storeplane.billing.report.DateRange;
import io.storeplane.billing.report.PerformanceDay;
import io.storeplane.billing.report.PlanDay;
import io.storeplane.billing.report.RankBy;
import io.storeplane.billing.report.ReportTables;
import io.storeplane.billing.report.StoreRank;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The usage reports (billing's {@code report} package) at {@code --stores} stores × {@code --days}
 * days of {@code usage_metrics}, seeded with SQL in a fresh master database migrated with the
 * master migrations. Each report is read {@code --runs} times (after {@code --warmup} reads)
 * through {@link ReportTables}, the code the API runs, and, as the baseline in the same run, as the
 * same aggregate computed straight from {@code usage_metrics} (what answering without the report
 * tables would cost); both answers are compared. Also timed: the first (full) refresh of the report
 * tables, and an incremental one after one day's rows changed (what the recurring job does after
 * the meter's flushes and a day's rollup).
 */
final class ReportsScenario {

  private final int stores;
  private final int days;
  private final int runs;
  private final int warmup;

  ReportsScenario(BenchOptions options) {
    this.stores = options.positiveInteger("stores", 10_000);
    this.days = options.positiveInteger("days", 90);
    this.runs = options.positiveInteger("runs", 30);
    this.warmup = options.integer("warmup", 5);
  }

  void run() throws Exception {
    BenchServers.Server server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    try (BenchServers servers = new BenchServers()) {
      String url = server.url(servers.master(server));
      try (Connection connection =
          DriverManager.getConnection(url, server.user(), server.password())) {
        measure(connection);
      }
    }
  }

  private void measure(Connection connection) throws SQLException {
    long seedStart = System.nanoTime();
    seed(connection);
    System.out.printf(
        "Seeded %,d stores × %d days = %,d usage_metrics rows in %.1f s (then ANALYZE).%n%n",
        stores, days, (long) stores * days, (System.nanoTime() - seedStart) / 1e9);

    long fullStart = System.nanoTime();
    ReportTables.Refresh full = ReportTables.refresh(connection);
    double fullSeconds = (System.nanoTime() - fullStart) / 1e9;
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "UPDATE usage_metrics SET api_calls = api_calls + 1, updated_at = now()"
              + " WHERE metric_date = current_date - 1");
      statement.execute("ANALYZE");
    }
    long incrementalStart = System.nanoTime();
    ReportTables.Refresh incremental = ReportTables.refresh(connection);
    double incrementalSeconds = (System.nanoTime() - incrementalStart) / 1e9;
    Table refreshes = new Table("refresh", "days recomputed", "seconds");
    refreshes.row("full (first run)", full.days().size(), fullSeconds);
    refreshes.row(
        "incremental (one day's " + stores + " rows changed)",
        incremental.days().size(),
        incrementalSeconds);
    refreshes.print();

    LocalDate to = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    DateRange range = new DateRange(to.minusDays(days - 1), to);
    UUID someStore = middleStore(connection);
    Table results =
        new Table(
            "report (" + days + " days)",
            "ratio baseline/tables (p50)",
            "tables p50 ms",
            "tables p99 ms",
            "tables max ms",
            "baseline p50 ms",
            "baseline p99 ms",
            "baseline max ms",
            "same answer");
    compare(
        results,
        "usage-statistics, every plan",
        () -> ReportTables.usageStatistics(connection, range, Optional.empty()),
        () -> baselineUsageStatistics(connection, range));
    compare(
        results,
        "performance, platform-wide",
        () -> ReportTables.platformPerformance(connection, range),
        () -> baselinePlatformPerformance(connection, range));
    compare(
        results,
        "store-analytics by calls, first 100",
        () ->
            ids(
                ReportTables.storeAnalytics(
                        connection, range, RankBy.CALLS, Optional.empty(), 0, 100)
                    .items()),
        () -> baselineAnalytics(connection, range, "calls DESC"));
    compare(
        results,
        "store-analytics by growth, first 100",
        () ->
            ids(
                ReportTables.storeAnalytics(
                        connection, range, RankBy.GROWTH, Optional.empty(), 0, 100)
                    .items()),
        () -> baselineAnalytics(connection, range, "calls_growth DESC NULLS LAST"));
    compare(
        results,
        "performance, one store (usage_metrics both ways)",
        () -> ReportTables.storePerformance(connection, someStore, range),
        () -> ReportTables.storePerformance(connection, someStore, range));
    System.out.printf(
        "%d reads of each after %d not counted, one connection, alternating tables and baseline.%n%n",
        runs, warmup);
    results.print();
  }

  @FunctionalInterface
  private interface Read {
    Object run() throws SQLException;
  }

  private void compare(Table table, String name, Read tables, Read baseline) throws SQLException {
    for (int i = 0; i < warmup; i++) {
      tables.run();
      baseline.run();
    }
    Latencies viaTables = new Latencies();
    Latencies viaBaseline = new Latencies();
    boolean same = true;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      Object a = tables.run();
      viaTables.record(System.nanoTime() - start);
      start = System.nanoTime();
      Object b = baseline.run();
      viaBaseline.record(System.nanoTime() - start);
      same &= a.equals(b);
    }
    Latencies t = Latencies.merge(List.of(viaTables));
    Latencies b = Latencies.merge(List.of(viaBaseline));
    table.row(
        name,
        b.percentileMicros(50) / t.percentileMicros(50),
        t.percentileMicros(50) / 1000,
        t.percentileMicros(99) / 1000,
        t.maxMicros() / 1000,
        b.percentileMicros(50) / 1000,
        b.percentileMicros(99) / 1000,
        b.maxMicros() / 1000,
        same ? "yes" : "NO");
  }

  // ------------------------------------------------------------------ seed

  private UUID middleStore(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT md5('bench-store-' || ?)::uuid")) {
      statement.setInt(1, stores / 2);
      try (ResultSet r = statement.executeQuery()) {
        r.next();
        return r.getObject(1, UUID.class);
      }
    }
  }

  private void seed(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT setseed(0.17)");
      statement.execute(
          """
          CREATE TEMP TABLE bench_ids AS
          SELECT i, md5('bench-store-' || i)::uuid AS id FROM generate_series(1, %d) i
          """
              .formatted(stores));
      statement.execute(
          """
          INSERT INTO stores (id, name, slug, status, plan_code, subscription_status, created_at,
                              updated_at)
          SELECT id, 'Bench store ' || i, 'bench-' || i, 'ACTIVE',
                 (ARRAY['free', 'starter', 'professional', 'enterprise'])[1 + i %% 4], 'ACTIVE',
                 now() - interval '%d days', now()
            FROM bench_ids
          """
              .formatted(days + 30));
      statement.execute(
          """
          INSERT INTO subscriptions (id, store_id, plan_code, status, billing_cycle, price,
                 currency, current_period_start, current_period_end, created_at, updated_at)
          SELECT md5('bench-sub-' || i)::uuid, id,
                 (ARRAY['free', 'starter', 'professional', 'enterprise'])[1 + i %% 4], 'ACTIVE',
                 'MONTHLY', 0, 'USD', now() - interval '%d days', now() + interval '30 days',
                 now() - interval '%d days', now()
            FROM bench_ids
          """
              .formatted(days + 30, days + 30));
      // Calls grow or shrink per store over the range, so growth ranks mean something.
      statement.execute(
          """
          INSERT INTO usage_metrics (store_id, metric_date, api_calls, client_errors, server_errors,
                 latency_histogram, orders, revenue, products, storage_bytes, storage_mb,
                 rolled_up_at, updated_at)
          SELECT b.id, current_date - d, c, c / 50, c / 500,
                 ARRAY[c / 10, c / 10, c / 5, c / 5, c / 10, c / 10, c / 20, c / 40, c / 80,
                       c / 100, c / 1000, 0, 0, 0, 0]::bigint[],
                 o, o * 42.50, 100 + b.i %% 900, (100 + b.i %% 900) * 1048576::bigint,
                 100 + b.i %% 900, now() - interval '1 day', now() - interval '1 day'
            FROM bench_ids b
           CROSS JOIN generate_series(1, %d) d
           CROSS JOIN LATERAL (
                 SELECT GREATEST(0, (random() * 2000)::bigint
                        + (b.i %% 7 - 3) * (%d - d) * 5)::bigint AS c,
                        (random() * 20)::int AS o) v
          """
              .formatted(days, days));
      statement.execute("ANALYZE");
    }
  }

  // ------------------------------------------------------------------ baselines

  /** The same per-day-and-plan aggregate as the refresh, over the range. */
  private static List<PlanDay> baselineUsageStatistics(Connection connection, DateRange range)
      throws SQLException {
    String sql =
        """
        SELECT u.metric_date, COALESCE(sub.plan_code, s.plan_code) AS plan, count(*),
               count(*) FILTER (WHERE u.api_calls > 0 OR u.orders > 0),
               sum(u.api_calls), sum(u.orders), sum(u.revenue), sum(u.storage_bytes)
          FROM usage_metrics u
          JOIN stores s ON s.id = u.store_id
          LEFT JOIN LATERAL (
               SELECT b.plan_code FROM subscriptions b
                WHERE b.store_id = u.store_id
                  AND b.created_at < ((u.metric_date + 1)::timestamp AT TIME ZONE 'UTC')
                ORDER BY b.created_at DESC LIMIT 1) sub ON TRUE
         WHERE u.metric_date BETWEEN ? AND ?
         GROUP BY 1, 2 ORDER BY 1, 2
        """;
    List<PlanDay> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setDate(1, Date.valueOf(range.from()));
      statement.setDate(2, Date.valueOf(range.to()));
      try (ResultSet r = statement.executeQuery()) {
        while (r.next()) {
          rows.add(
              new PlanDay(
                  r.getDate(1).toLocalDate(),
                  r.getString(2),
                  r.getInt(3),
                  r.getInt(4),
                  r.getLong(5),
                  r.getLong(6),
                  r.getBigDecimal(7),
                  r.getLong(8)));
        }
      }
    }
    return rows;
  }

  /** Every row's histogram summed bucket by bucket per day, over the range. */
  private static List<PerformanceDay> baselinePlatformPerformance(
      Connection connection, DateRange range) throws SQLException {
    String sql =
        """
        SELECT d.metric_date, d.api_calls, d.client_errors, d.server_errors, h.histogram
          FROM (SELECT metric_date, sum(api_calls) AS api_calls,
                       sum(client_errors) AS client_errors, sum(server_errors) AS server_errors
                  FROM usage_metrics WHERE metric_date BETWEEN ? AND ? GROUP BY metric_date) d
          LEFT JOIN (
               SELECT metric_date, array_agg(total ORDER BY bucket) AS histogram
                 FROM (SELECT u.metric_date, b.bucket, sum(b.count)::bigint AS total
                         FROM usage_metrics u,
                              unnest(u.latency_histogram) WITH ORDINALITY AS b(count, bucket)
                        WHERE u.metric_date BETWEEN ? AND ?
                        GROUP BY 1, 2) buckets
                GROUP BY metric_date) h ON h.metric_date = d.metric_date
         ORDER BY 1
        """;
    List<PerformanceDay> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < 2; i++) {
        statement.setDate(1 + 2 * i, Date.valueOf(range.from()));
        statement.setDate(2 + 2 * i, Date.valueOf(range.to()));
      }
      try (ResultSet r = statement.executeQuery()) {
        while (r.next()) {
          java.sql.Array array = r.getArray(5);
          Object[] counts = array == null ? new Object[0] : (Object[]) array.getArray();
          long[] histogram = new long[counts.length];
          for (int i = 0; i < counts.length; i++) {
            histogram[i] = ((Number) counts[i]).longValue();
          }
          rows.add(
              PerformanceDay.of(
                  r.getDate(1).toLocalDate(), r.getLong(2), r.getLong(3), r.getLong(4), histogram));
        }
      }
    }
    return rows;
  }

  /** The first 100 store ids ranked from a group-by over the range's rows. */
  private static List<UUID> baselineAnalytics(Connection connection, DateRange range, String order)
      throws SQLException {
    LocalDate firstHalfEnd = range.from().plusDays(range.days() / 2 - 1);
    String sql =
        """
        SELECT * FROM (
          SELECT u.store_id, s.slug, s.name, s.plan_code, sum(u.api_calls) AS calls,
                 sum(u.orders) AS orders, sum(u.revenue) AS revenue,
                 CASE WHEN sum(u.api_calls) FILTER (WHERE u.metric_date <= ?) > 0 THEN
                   round((sum(u.api_calls) FILTER (WHERE u.metric_date > ?)
                          - sum(u.api_calls) FILTER (WHERE u.metric_date <= ?)) * 100.0
                         / sum(u.api_calls) FILTER (WHERE u.metric_date <= ?), 1)
                 END AS calls_growth,
                 count(*) OVER () AS total
            FROM usage_metrics u JOIN stores s ON s.id = u.store_id
           WHERE u.metric_date BETWEEN ? AND ?
           GROUP BY u.store_id, s.slug, s.name, s.plan_code) ranked
         ORDER BY %s, store_id LIMIT 100
        """
            .formatted(order);
    List<UUID> ids = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 1; i <= 4; i++) {
        statement.setDate(i, Date.valueOf(firstHalfEnd));
      }
      statement.setDate(5, Date.valueOf(range.from()));
      statement.setDate(6, Date.valueOf(range.to()));
      try (ResultSet r = statement.executeQuery()) {
        while (r.next()) {
          ids.add(r.getObject(1, UUID.class));
        }
      }
    }
    return ids;
  }

  private static List<UUID> ids(List<StoreRank> ranks) {
    return ranks.stream().map(StoreRank::storeId).toList();
  }
}
