package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.jdbc.ResultRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@link CatalogRows} over a JDBC connection, which it leaves open. */
final class JdbcCatalogRows implements CatalogRows {

  private final Connection connection;

  JdbcCatalogRows(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<Map<String, Object>> query(String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      return ResultRows.asText(result);
    }
  }
}
