package io.storeplane.billing.metering;

import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh master database (uniquely named, on the tests' PostgreSQL, at the current master schema)
 * with stores to meter; {@link #close()} drops it.
 */
final class MasterForMetering implements AutoCloseable {

  final TestDatabase database;
  final PGSimpleDataSource dataSource;

  MasterForMetering(String prefix) {
    database = TestDatabases.postgres().createDatabase(prefix);
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .locations("classpath:db/master")
        .load()
        .migrate();
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    dataSource.setUser(database.username());
    dataSource.setPassword(database.password());
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, values);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long[] histogram(UUID store, LocalDate day) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            prepare(
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = prepare(c, sql, values)) {
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... values)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value instanceof UUID[] ids) {
        s.setArray(i + 1, c.createArrayOf("uuid", ids));
      } else {
        s.setObject(i + 1, value);
      }
    }
    return s;
  }

  @Override
  public void close() {
    database.close();
  }
}
