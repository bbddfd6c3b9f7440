package io.storeplane.billing.requestlog;

import io.storeplane.billing.request.StoreRequest;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh master database at the current master schema (uniquely named on the tests' PostgreSQL)
 * for the request log's tests; {@link #close()} drops it.
 */
final class RequestLogMaster implements AutoCloseable {

  final TestDatabase database;
  final PGSimpleDataSource dataSource;
  final RequestLogTable table;

  RequestLogMaster(String prefix) {
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
    table = new RequestLogTable(dataSource);
  }

  long count(String sql, Object... values) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long rows() {
    return count("SELECT count(*) FROM api_usage_logs");
  }

  /** Every row, oldest first, as column name to text. */
  List<Map<String, String>> read() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT occurred_at, store_id, platform_caller, method, endpoint, status_code,"
                    + " duration_us, error_code, client_address, user_agent, request_id"
                    + " FROM api_usage_logs ORDER BY occurred_at, request_id");
        ResultSet rs = s.executeQuery()) {
      List<Map<String, String>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        row.put(
            "occurred_at", rs.getObject(1, java.time.OffsetDateTime.class).toInstant().toString());
        for (int i = 2; i <= 11; i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static StoreRequest request(UUID store, Instant at, int n) {
    return new StoreRequest(
        store,
        false,
        "GET",
        "/api/v1/stores/{id}/data/{table}",
        200,
        null,
        1_234_567,
        at,
        "127.0.0.1",
        "curl/8.5",
        "req-" + n);
  }

  @Override
  public void close() {
    database.close();
  }
}
