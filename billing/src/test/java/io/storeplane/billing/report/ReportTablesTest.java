package io.storeplane.billing.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.testing.db.MigratedMaster;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report tables on a fresh master database: an incremental refresh after changes (an old day
 * rewritten, a new store, a day on which no store had usage) leaves exactly what a full rebuild
 * makes, and the running totals are dense.
 */
class ReportTablesTest {

  private static final LocalDate DAY_1 = LocalDate.parse("2025-03-01");
  private static TestDatabase master;

  @BeforeAll
  static void migrate() {
    master = MigratedMaster.create("reports").database();
  }

  @AfterAll
  static void drop() {
    master.close();
  }

  @Test
  void anIncrementalRefreshEndsAsAFullRebuild() throws SQLException {
    try (Connection c = master.connect()) {
      UUID a = store(c, "free");
      UUID b = store(c, "starter");
      UUID late = store(c, "free");
      for (int d = 0; d < 10; d++) {
        usage(c, a, DAY_1.plusDays(d), 10 + d, "1 day");
        usage(c, b, DAY_1.plusDays(d), 100, "1 day");
      }
      ReportTables.Refresh first = ReportTables.refresh(c);
      assertThat(first.full()).isTrue();
      assertThat(first.days()).hasSize(10);

      // Changes after it: an old day rewritten, a new store, a later day after a day without usage.
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE usage_metrics SET api_calls = 500, updated_at = now()"
                  + " WHERE store_id = ? AND metric_date = ?")) {
        update.setObject(1, a);
        update.setObject(2, DAY_1.plusDays(2));
        update.executeUpdate();
      }
      usage(c, late, DAY_1.plusDays(4), 7, "0 days");
      usage(c, late, DAY_1.plusDays(11), 9, "0 days"); // DAY_1 + 10: nobody's usage
      usage(c, b, DAY_1.plusDays(11), 1, "0 days");
      ReportTables.Refresh second = ReportTables.refresh(c);
      assertThat(second.full()).isFalse();
      assertThat(second.days())
          .containsExactly(DAY_1.plusDays(2), DAY_1.plusDays(4), DAY_1.plusDays(11));
      List<List<Object>> incremental = tables(c);

      try (Statement statement = c.createStatement()) {
        statement.execute("DELETE FROM usage_report_refreshes");
      }
      assertThat(ReportTables.refresh(c).full()).isTrue();
      assertThat(tables(c)).isEqualTo(incremental);

      // Dense running totals: every store has a row on every day from its first to the last.
      assertThat(count(c, "SELECT count(*) FROM usage_report_store_totals WHERE store_id = ?", a))
          .isEqualTo(12);
      assertThat(
              count(c, "SELECT count(*) FROM usage_report_store_totals WHERE store_id = ?", late))
          .isEqualTo(8);
      DateRange all = new DateRange(DAY_1, DAY_1.plusDays(11));
      List<StoreRank> ranks =
          ReportTables.storeAnalytics(c, all, RankBy.CALLS, Optional.empty(), 0, 10).items();
      assertThat(ranks).extracting(StoreRank::storeId).containsExactly(b, a, late);
      assertThat(ranks).extracting(StoreRank::apiCalls).containsExactly(1001L, 633L, 16L);
      DateRange gap = new DateRange(DAY_1.plusDays(10), DAY_1.plusDays(10));
      assertThat(ReportTables.storeAnalytics(c, gap, RankBy.CALLS, Optional.empty(), 0, 10).items())
          .extracting(StoreRank::apiCalls)
          .containsOnly(0L);
    }
  }

  private static UUID store(Connection c, String plan) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement insert =
        c.prepareStatement(
            """
            INSERT INTO stores (id, name, slug, status, plan_code, subscription_status,
                                created_at, updated_at)
            VALUES (?, 'Report test', ?, 'ACTIVE', ?, 'ACTIVE', now(), now())
            """)) {
      insert.setObject(1, id);
      insert.setString(2, "r-" + id.toString().substring(0, 13));
      insert.setString(3, plan);
      insert.executeUpdate();
    }
    return id;
  }

  private static void usage(Connection c, UUID store, LocalDate day, long calls, String age)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            """
            INSERT INTO usage_metrics (store_id, metric_date, api_calls, latency_histogram,
                                       orders, revenue, updated_at)
            VALUES (?, ?, ?, ARRAY[?, 0, 1]::bigint[], 1, 2.50, now() - ?::interval)
            """)) {
      insert.setObject(1, store);
      insert.setObject(2, day);
      insert.setLong(3, calls);
      insert.setLong(4, calls);
      insert.setString(5, age);
      insert.executeUpdate();
    }
  }

  private static long count(Connection c, String sql, UUID store) throws SQLException {
    try (PreparedStatement query = c.prepareStatement(sql)) {
      query.setObject(1, store);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static List<List<Object>> tables(Connection c) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    for (String sql :
        List.of(
            "SELECT * FROM usage_report_plan_days ORDER BY metric_date, plan_code",
            "SELECT metric_date, stores, api_calls, client_errors, server_errors,"
                + " latency_histogram::text FROM usage_report_platform_days ORDER BY metric_date",
            "SELECT * FROM usage_report_store_totals ORDER BY metric_date, store_id")) {
      try (Statement statement = c.createStatement();
          ResultSet result = statement.executeQuery(sql)) {
        ResultSetMetaData meta = result.getMetaData();
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.add(String.valueOf(result.getObject(i)));
          }
          rows.add(row);
        }
      }
    }
    assertThat(rows).isNotEmpty();
    return rows;
  }
}
