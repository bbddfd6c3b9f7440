package io.storeplane.billing.requestlog;

import io.storeplane.billing.request.StoreRequest;
import io.storeplane.testing.db.MigratedMaster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh {@link MigratedMaster} for the request log's tests, with its table and rows; {@link
 * #close()} drops it.
 */
final class RequestLogMaster implements AutoCloseable {

  final MigratedMaster master;
  final PGSimpleDataSource dataSource;
  final RequestLogTable table;

  RequestLogMaster(String prefix) {
    master = MigratedMaster.create(prefix);
    dataSource = master.dataSource();
    table = new RequestLogTable(dataSource);
  }

  long count(String sql, Object... values) {
    return master.number(sql, values);
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
    master.close();
  }
}
