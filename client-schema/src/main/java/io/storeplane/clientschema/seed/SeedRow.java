package io.storeplane.clientschema.seed;

import java.util.ArrayList;
import java.util.Collections;
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
   * MySQL's and MariaDB's insert-if-absent statement for {@code rows} of one table with the same
   * columns (valid SQL on PostgreSQL too): one {@code SELECT} of bind parameters per row, each kept
   * only when no row with its natural key is there, joined by {@code UNION ALL}, so a table's seed
   * rows cost one round trip. Only column and table names (constants) are written into it; every
   * value is a bind parameter ({@link #parameters(List)}).
   */
  static String insertIfAbsentSql(List<SeedRow> rows) {
    SeedRow first = requireSameShape(rows);
    String columns = String.join(", ", first.values.keySet());
    String parameters = first.placeholders();
    String key = String.join(" AND ", first.naturalKey.stream().map(c -> c + " = ?").toList());
    String one =
        "SELECT %s FROM (SELECT 1 AS one) AS seed WHERE NOT EXISTS (SELECT 1 FROM %s WHERE %s)"
            .formatted(parameters, first.table, key);
    return "INSERT INTO %s (%s) %s"
        .formatted(
            first.table,
            columns,
            String.join(" UNION ALL ", Collections.nCopies(rows.size(), one)));
  }

  /**
   * PostgreSQL's insert-if-absent statement for {@code rows} of one table with the same columns:
   * one multi-row {@code INSERT ... VALUES} that skips each row whose natural key is already there
   * ({@code ON CONFLICT (key columns) DO NOTHING}, on the unique constraint every natural key has),
   * so a clash on any other unique key still fails the seed, as with {@link #insertIfAbsentSql}.
   * Where the two differ: a seed running beside another transaction that inserts the same key waits
   * for it and skips the row instead of failing, and two rows of one statement with the same key
   * would keep the first (the seed's rows never share a key). It costs the backend about half the
   * CPU of the {@code NOT EXISTS} form (docs/benchmarks.md, "Figures: a PostgreSQL seed at half the
   * backend CPU"). Every value is a bind parameter ({@link #postgresqlParameters(List)}).
   */
  static String postgresqlInsertSql(List<SeedRow> rows) {
    SeedRow first = requireSameShape(rows);
    String columns = String.join(", ", first.values.keySet());
    String row = "(" + first.placeholders() + ")";
    return "INSERT INTO %s (%s) VALUES %s ON CONFLICT (%s) DO NOTHING"
        .formatted(
            first.table,
            columns,
            String.join(", ", Collections.nCopies(rows.size(), row)),
            String.join(", ", first.naturalKey));
  }

  /**
   * The values to bind for {@link #postgresqlInsertSql(List)}: each row's values, row after row.
   */
  static List<Object> postgresqlParameters(List<SeedRow> rows) {
    List<Object> parameters = new ArrayList<>();
    rows.forEach(row -> parameters.addAll(row.values.values()));
    return parameters;
  }

  /** One bind parameter per column, comma-separated: {@code ?, ?, ?}. */
  private String placeholders() {
    return String.join(", ", Collections.nCopies(values.size(), "?"));
  }

  private static SeedRow requireSameShape(List<SeedRow> rows) {
    SeedRow first = rows.get(0);
    for (SeedRow row : rows) {
      if (!row.sameShapeAs(first)) {
        throw new IllegalArgumentException("rows of one statement differ in shape: " + rows);
      }
    }
    return first;
  }

  /** Whether this row can share a statement with {@code other} (same table and columns). */
  boolean sameShapeAs(SeedRow other) {
    return table.equals(other.table)
        && List.copyOf(values.keySet()).equals(List.copyOf(other.values.keySet()))
        && naturalKey.equals(other.naturalKey);
  }

  /** The values to bind for {@link #insertIfAbsentSql(List)}, row after row. */
  static List<Object> parameters(List<SeedRow> rows) {
    List<Object> parameters = new ArrayList<>();
    rows.forEach(row -> parameters.addAll(row.parameters()));
    return parameters;
  }

  /** One row's values to bind: the row values, then the natural key values. */
  private List<Object> parameters() {
    List<Object> parameters = new ArrayList<>(values.values());
    naturalKey.forEach(column -> parameters.add(values.get(column)));
    return parameters;
  }
}
