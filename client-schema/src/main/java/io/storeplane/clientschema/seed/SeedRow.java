package io.storeplane.clientschema.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row seeding inserts unless a row with the same natural key is already there.
 *
 * @param table the table (a constant of this package, never a seed value)
 * @param values the column values in insert order; the key columns are among them
 * @param naturalKey the columns whose values identify the row (slug, setting key, ...)
 */
record SeedRow(String table, Map<String, Object> values, List<String> naturalKey) {

  SeedRow {
    values = new LinkedHashMap<>(values);
    naturalKey = List.copyOf(naturalKey);
    if (!values.keySet().containsAll(naturalKey)) {
      throw new IllegalArgumentException("natural key " + naturalKey + " not among " + values);
    }
  }

  /**
   * The insert-if-absent statement, valid on PostgreSQL, MySQL 8 and MariaDB alike. Only column and
   * table names (constants) are written into it; every value is a bind parameter.
   */
  String insertIfAbsentSql() {
    String columns = String.join(", ", values.keySet());
    String parameters = String.join(", ", values.keySet().stream().map(c -> "?").toList());
    String key = String.join(" AND ", naturalKey.stream().map(c -> c + " = ?").toList());
    return ("INSERT INTO %s (%s) SELECT %s FROM (SELECT 1 AS one) AS seed"
            + " WHERE NOT EXISTS (SELECT 1 FROM %s WHERE %s)")
        .formatted(table, columns, parameters, table, key);
  }

  /** The values to bind, in parameter order: the row values, then the natural key values. */
  List<Object> parameters() {
    List<Object> parameters = new ArrayList<>(values.values());
    naturalKey.forEach(column -> parameters.add(values.get(column)));
    return parameters;
  }
}
