package io.storeplane.testing.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/** Turns JDBC results into the JSON rows the run-SQL endpoint answers with. */
final class SqlJson {

  /** The rows of the last result set, and whether any statement modified something. */
  record Outcome(ArrayNode rows, boolean modified) {}

  private SqlJson() {}

  static Outcome lastResult(Statement statement, boolean firstIsResultSet) throws SQLException {
    ArrayNode last = HttpCall.JSON.createArrayNode();
    boolean modified = false;
    boolean isResultSet = firstIsResultSet;
    while (true) {
      if (isResultSet) {
        try (ResultSet rs = statement.getResultSet()) {
          last = rows(rs);
        }
      } else {
        int count = statement.getUpdateCount();
        if (count == -1) {
          break;
        }
        modified = true;
        last = HttpCall.JSON.createArrayNode();
      }
      isResultSet = statement.getMoreResults();
    }
    return new Outcome(last, modified);
  }

  private static ArrayNode rows(ResultSet rs) throws SQLException {
    ArrayNode out = HttpCall.JSON.createArrayNode();
    ResultSetMetaData meta = rs.getMetaData();
    while (rs.next()) {
      ObjectNode row = out.addObject();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String name = meta.getColumnLabel(i);
        Object value = rs.getObject(i);
        String type = meta.getColumnTypeName(i);
        if (value == null) {
          row.putNull(name);
        } else if (value instanceof Boolean b) {
          row.put(name, b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Long) {
          row.put(name, ((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
          row.put(name, d);
        } else if (value instanceof Double || value instanceof Float) {
          row.put(name, ((Number) value).doubleValue());
        } else if (type.equals("json") || type.equals("jsonb")) {
          row.set(name, parse(rs.getString(i)));
        } else {
          row.put(name, rs.getString(i));
        }
      }
    }
    return out;
  }

  private static JsonNode parse(String json) throws SQLException {
    try {
      return HttpCall.JSON.readTree(json);
    } catch (IOException e) {
      throw new SQLException("Unreadable JSON value", e);
    }
  }
}
