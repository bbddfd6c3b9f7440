package io.storeplane.clientschema.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    List<Map<String, Object>> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = result.getObject(i);
          row.put(
              meta.getColumnLabel(i),
              value == null || value instanceof Number || value instanceof Boolean
                  ? value
                  : result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
