package io.storeplane.clientschema.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link ResultSet} into rows, one map per row from column label to value, in column order.
 * The one copy of this loop: store queries, catalog reads, the Supabase run-SQL channel over JDBC
 * and the benchmarks' baselines all read rows this way.
 */
public final class ResultRows {

  private ResultRows() {}

  /**
   * Every remaining row, each value as the driver returns it ({@link ResultSet#getObject(int)}).
   */
  public static List<Map<String, Object>> asObjects(ResultSet result) throws SQLException {
    return read(result, false);
  }

  /**
   * Every remaining row, numbers, booleans and nulls as the driver returns them and every other
   * value as the driver's text ({@link ResultSet#getString(int)}): the shape of a JSON answer, the
   * same on every driver.
   */
  public static List<Map<String, Object>> asText(ResultSet result) throws SQLException {
    return read(result, true);
  }

  private static List<Map<String, Object>> read(ResultSet result, boolean text)
      throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
    int columns = meta.getColumnCount();
    List<Map<String, Object>> rows = new ArrayList<>();
    while (result.next()) {
      Map<String, Object> row = new LinkedHashMap<>(columns * 2);
      for (int i = 1; i <= columns; i++) {
        Object value = result.getObject(i);
        boolean asIs =
            !text || value == null || value instanceof Number || value instanceof Boolean;
        row.put(meta.getColumnLabel(i), asIs ? value : result.getString(i));
      }
      rows.add(row);
    }
    return rows;
  }
}
