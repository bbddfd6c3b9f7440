package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.connect.table.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link SqlSession} on one borrowed connection. */
final class JdbcSqlSession implements SqlSession {

  private final Connection connection;
  private final SqlDialect dialect;
  private final int queryTimeoutSeconds;

  JdbcSqlSession(Connection connection, SqlDialect dialect, int queryTimeoutSeconds) {
    this.connection = connection;
    this.dialect = dialect;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  @Override
  public List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet result = statement.executeQuery()) {
      ResultSetMetaData meta = result.getMetaData();
      int columns = meta.getColumnCount();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>(columns * 2);
        for (int i = 1; i <= columns; i++) {
          row.put(meta.getColumnLabel(i), result.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  @Override
  public int update(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = prepare(sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  @Override
  public Connection connection() {
    return connection;
  }

  private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
    return dialect.prepare(connection, sql, Arrays.asList(parameters), queryTimeoutSeconds);
  }
}
