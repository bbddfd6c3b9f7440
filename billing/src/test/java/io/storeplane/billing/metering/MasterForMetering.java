package io.storeplane.billing.metering;

import io.storeplane.testing.db.MigratedMaster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh {@link MigratedMaster} with stores and plans to meter; {@link #close()} drops it. */
final class MasterForMetering implements AutoCloseable {

  final MigratedMaster master;
  final PGSimpleDataSource dataSource;

  MasterForMetering(String prefix) {
    master = MigratedMaster.create(prefix);
    dataSource = master.dataSource();
  }

  /** {@code n} new active stores on {@code plan}. */
  List<UUID> stores(int n, String plan) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(UUID.randomUUID());
    }
    update(
        """
        INSERT INTO stores (id, name, slug, status, plan_code, subscription_status, created_at,
                            updated_at)
        SELECT id, 'Metered', 'm-' || replace(id::text, '-', ''), 'ACTIVE', ?, 'ACTIVE', now(), now()
          FROM unnest(?::uuid[]) AS id
        """,
        plan,
        ids.toArray(UUID[]::new));
    return ids;
  }

  /** A plan that is not offered, with this daily API quota and mode; returns its code. */
  String plan(Integer maxApiCallsPerDay, String mode) {
    String code = "q-" + UUID.randomUUID().toString().substring(0, 8);
    update(
        """
        INSERT INTO plans (code, name, monthly_price, yearly_price, max_api_calls_per_day,
                           api_calls_limit, is_active)
        VALUES (?, 'Quota test', 0, 0, ?, ?, FALSE)
        """,
        code,
        maxApiCallsPerDay,
        mode);
    return code;
  }

  long apiCalls(UUID store, LocalDate day) {
    return number(
        "SELECT coalesce(sum(api_calls), 0) FROM usage_metrics WHERE store_id = ? AND metric_date = ?",
        store,
        day);
  }

  long number(String sql, Object... values) {
    return master.number(sql, values);
  }

  long[] histogram(UUID store, LocalDate day) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            MigratedMaster.prepare(
                c,
                "SELECT latency_histogram FROM usage_metrics WHERE store_id = ? AND metric_date = ?",
                store,
                day);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      Long[] values = (Long[]) rs.getArray(1).getArray();
      long[] histogram = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        histogram[i] = values[i];
      }
      return histogram;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  int update(String sql, Object... values) {
    return master.update(sql, values);
  }

  @Override
  public void close() {
    master.close();
  }
}
