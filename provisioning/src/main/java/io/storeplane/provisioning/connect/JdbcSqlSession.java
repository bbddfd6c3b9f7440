package io.storeplane.provisioning.connect;

import io.storeplane.clientschema.jdbc.ResultRows;
import io.storeplane.provisioning.connect.table.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
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
      return ResultRows.asObjects(result);
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
