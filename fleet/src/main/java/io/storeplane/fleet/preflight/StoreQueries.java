package io.storeplane.fleet.preflight;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.manifest.Arrival;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The read-only SQL a preflight runs in a store's database, built only from names the client
 * schema's manifests and migrations carry (never from a request), each checked to be a plain
 * identifier and quoted for the dialect.
 */
final class StoreQueries {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private StoreQueries() {}

  /**
   * Counts the rows {@code arrival} would reject, under the label {@code n}: NULLs in its column
   * that its fill (if any) cannot replace, or rows whose key another row shares (keys with a NULL
   * part are never duplicates).
   */
  static String rejected(Dialect dialect, Arrival arrival) {
    String table = quote(dialect, arrival.table());
    if (arrival.kind() == Arrival.Kind.UNIQUE) {
      String columns =
          arrival.columns().stream().map(c -> quote(dialect, c)).collect(Collectors.joining(", "));
      String notNull =
          arrival.columns().stream()
              .map(c -> quote(dialect, c) + " IS NOT NULL")
              .collect(Collectors.joining(" AND "));
      return "SELECT COALESCE(SUM(d.k), 0) AS n FROM (SELECT COUNT(*) AS k FROM "
          + table
          + " WHERE "
          + notNull
          + " GROUP BY "
          + columns
          + " HAVING COUNT(*) > 1) d";
    }
    String column = quote(dialect, arrival.columns().get(0));
    StringBuilder sql =
        new StringBuilder("SELECT COUNT(*) AS n FROM ")
            .append(table)
            .append(" t WHERE t.")
            .append(column)
            .append(" IS NULL");
    arrival
        .fill()
        .ifPresent(
            fill ->
                sql.append(" AND NOT EXISTS (SELECT 1 FROM ")
                    .append(quote(dialect, fill.referencedTable()))
                    .append(" f WHERE f.")
                    .append(quote(dialect, fill.referencedKey()))
                    .append(" = t.")
                    .append(quote(dialect, fill.localColumn()))
                    .append(" AND f.")
                    .append(quote(dialect, fill.column()))
                    .append(" IS NOT NULL)"));
    return sql.toString();
  }

  /**
   * The size of {@code tables} in the connection's schema: columns {@code name}, {@code estimate}
   * (the planner's row estimate, negative when PostgreSQL never analyzed the table), {@code live}
   * (PostgreSQL's statistics of live rows) and {@code bytes}.
   */
  static String sizes(Dialect dialect, Collection<String> tables) {
    String names =
        tables.stream().map(t -> "'" + identifier(t) + "'").collect(Collectors.joining(", "));
    if (dialect == Dialect.POSTGRESQL) {
      return "SELECT c.relname AS name, c.reltuples::bigint AS estimate, s.n_live_tup AS live,"
          + " pg_total_relation_size(c.oid) AS bytes FROM pg_class c"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid"
          + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
          + " AND c.relname IN ("
          + names
          + ")";
    }
    return "SELECT TABLE_NAME AS name, TABLE_ROWS AS estimate, NULL AS live,"
        + " DATA_LENGTH + INDEX_LENGTH AS bytes FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ("
        + names
        + ")";
  }

  private static String quote(Dialect dialect, String name) {
    String checked = identifier(name);
    return dialect == Dialect.POSTGRESQL ? '"' + checked + '"' : '`' + checked + '`';
  }

  private static String identifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a plain identifier of the client schema: " + name);
    }
    return name;
  }

  /**
   * A count the store's channel returned: a {@link Number} or its decimal text; null stays null.
   */
  static Long number(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
  }

  /** The one-row, one-column answer of {@link #rejected}. */
  static long count(List<java.util.Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    Long n = number(rows.get(0).get("n"));
    return n == null ? 0 : n;
  }
}
