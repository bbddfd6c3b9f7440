package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.TypeKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a PostgreSQL catalog from pg_catalog, limited to {@code current_schema()}, through any
 * {@link CatalogRows} channel. Key columns come one row each (with their position) instead of as
 * arrays, and every name is cast to text, so a channel that carries rows as JSON (Supabase's
 * run-SQL) hands over exactly the facts JDBC does.
 */
final class PostgresCatalogReader {

  private static final String SCHEMA = "SELECT current_schema()::text AS schema_name";

  private static final String IN_SCHEMA =
      " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()";

  private static final String RELATIONS =
      "SELECT t.relname::text AS table_name, t.relkind::text AS kind FROM pg_class t"
          + IN_SCHEMA
          + " AND t.relkind IN ('r', 'p', 'v', 'm', 'f')";

  private static final String COLUMNS =
      "SELECT t.relname::text AS table_name, a.attname::text AS column_name,"
          + " a.attnotnull AS not_null, y.typname::text AS type_name,"
          + " a.atttypmod AS type_modifier,"
          + " format_type(a.atttypid, a.atttypmod) AS native_type"
          + " FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
          + " JOIN pg_type y ON y.oid = a.atttypid"
          + IN_SCHEMA
          + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY t.relname, a.attnum";

  private static final String INDEX_COLUMNS =
      "SELECT t.relname::text AS table_name, i.relname::text AS index_name,"
          + " x.indisprimary AS is_primary, x.indisunique AS is_unique, am.amname::text AS method,"
          + " k.ord::int AS position, COALESCE(a.attname::text, '(expression)') AS column_name"
          + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
          + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam"
          + " CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
          + " LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
          + IN_SCHEMA
          + " AND k.ord <= x.indnkeyatts ORDER BY t.relname, i.relname, k.ord";

  private static final String FOREIGN_KEY_COLUMNS =
      "SELECT t.relname::text AS table_name, c.conname::text AS constraint_name,"
          + " r.relname::text AS referenced_table, c.confdeltype::text AS delete_rule,"
          + " k.ord::int AS position, a.attname::text AS column_name,"
          + " ra.attname::text AS referenced_column"
          + " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
          + " JOIN pg_class r ON r.oid = c.confrelid"
          + " CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY"
          + " AS k(attnum, referenced_attnum, ord)"
          + " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
          + " JOIN pg_attribute ra ON ra.attrelid = c.confrelid"
          + " AND ra.attnum = k.referenced_attnum"
          + IN_SCHEMA
          + " AND c.contype = 'f' ORDER BY t.relname, c.conname, k.ord";

  private static final String CHECKS =
      "SELECT t.relname::text AS table_name, c.conname::text AS constraint_name"
          + " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
          + IN_SCHEMA
          + " AND c.contype = 'c'";

  private PostgresCatalogReader() {}

  static Catalog read(CatalogRows channel) throws SQLException {
    CatalogBuilder builder = new CatalogBuilder();
    List<Map<String, Object>> schema = channel.query(SCHEMA);
    if (schema.size() != 1) {
      throw unexpected("schema_name", schema.size() + " rows");
    }
    for (Map<String, Object> row : channel.query(RELATIONS)) {
      String kind = text(row, "kind");
      builder.relation(
          text(row, "table_name"),
          "r".equals(kind) || "p".equals(kind) ? RelationKind.TABLE : RelationKind.VIEW);
    }
    for (Map<String, Object> row : channel.query(COLUMNS)) {
      builder.column(text(row, "table_name"), column(row));
    }
    Map<List<String>, List<Map<String, Object>>> indexes =
        grouped(channel.query(INDEX_COLUMNS), "index_name");
    indexes.forEach(
        (key, rows) -> {
          String table = key.get(0);
          String name = key.get(1);
          Map<String, Object> first = rows.get(0);
          List<String> columns = rows.stream().map(r -> text(r, "column_name")).toList();
          if (bool(first, "is_primary")) {
            builder.primaryKey(table, columns);
          } else if (bool(first, "is_unique")) {
            builder.uniqueKey(table, new UniqueKey(name, columns));
          } else {
            builder.index(table, new CatalogIndex(name, columns, text(first, "method")));
          }
        });
    Map<List<String>, List<Map<String, Object>>> foreignKeys =
        grouped(channel.query(FOREIGN_KEY_COLUMNS), "constraint_name");
    foreignKeys.forEach(
        (key, rows) -> {
          Map<String, Object> first = rows.get(0);
          builder.foreignKey(
              key.get(0),
              new ForeignKey(
                  key.get(1),
                  rows.stream().map(r -> text(r, "column_name")).toList(),
                  text(first, "referenced_table"),
                  rows.stream().map(r -> text(r, "referenced_column")).toList(),
                  deleteRule(text(first, "delete_rule"))));
        });
    for (Map<String, Object> row : channel.query(CHECKS)) {
      builder.check(text(row, "table_name"), text(row, "constraint_name"));
    }
    return builder.build(Dialect.POSTGRESQL, text(schema.get(0), "schema_name"));
  }

  /** Rows of one key per (table, name), in the order the query sorted them (by position). */
  private static Map<List<String>, List<Map<String, Object>>> grouped(
      List<Map<String, Object>> rows, String nameColumn) {
    Map<List<String>, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      out.computeIfAbsent(
              List.of(text(row, "table_name"), text(row, nameColumn)), k -> new ArrayList<>())
          .add(row);
    }
    out.values()
        .forEach(list -> list.sort((a, b) -> integer(a, "position") - integer(b, "position")));
    return out;
  }

  private static CatalogColumn column(Map<String, Object> row) {
    String name = text(row, "column_name");
    boolean nullable = !bool(row, "not_null");
    String type = text(row, "type_name");
    int modifier = integer(row, "type_modifier");
    String nativeType = text(row, "native_type");
    return switch (type) {
      case "uuid" -> new CatalogColumn(name, TypeKind.UUID, nativeType, nullable, 0, 0, 0);
      case "varchar", "bpchar" ->
          modifier < 0
              ? new CatalogColumn(name, TypeKind.TEXT, nativeType, nullable, 0, 0, 0)
              : new CatalogColumn(name, TypeKind.STRING, nativeType, nullable, modifier - 4, 0, 0);
      case "text" -> new CatalogColumn(name, TypeKind.TEXT, nativeType, nullable, 0, 0, 0);
      case "int4" -> new CatalogColumn(name, TypeKind.INTEGER, nativeType, nullable, 0, 0, 0);
      case "int8" -> new CatalogColumn(name, TypeKind.BIGINT, nativeType, nullable, 0, 0, 0);
      case "numeric" ->
          modifier < 0
              ? new CatalogColumn(name, TypeKind.DECIMAL, nativeType, nullable, 0, 0, 0)
              : new CatalogColumn(
                  name,
                  TypeKind.DECIMAL,
                  nativeType,
                  nullable,
                  0,
                  ((modifier - 4) >> 16) & 0xffff,
                  (modifier - 4) & 0xffff);
      case "bool" -> new CatalogColumn(name, TypeKind.BOOLEAN, nativeType, nullable, 0, 0, 0);
      case "timestamptz" ->
          new CatalogColumn(
              name, TypeKind.TIMESTAMP, nativeType, nullable, 0, modifier < 0 ? 6 : modifier, 0);
      case "date" -> new CatalogColumn(name, TypeKind.DATE, nativeType, nullable, 0, 0, 0);
      case "jsonb" -> new CatalogColumn(name, TypeKind.JSON, nativeType, nullable, 0, 0, 0);
      default -> new CatalogColumn(name, TypeKind.OTHER, nativeType, nullable, 0, 0, 0);
    };
  }

  private static String deleteRule(String code) {
    return switch (code) {
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "RESTRICT";
    };
  }

  private static String text(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (value == null) {
      throw unexpected(column, "no value");
    }
    return value.toString();
  }

  private static int integer(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (value instanceof Number number) {
      return number.intValue();
    }
    if (value instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        throw unexpected(column, "'" + s + "'");
      }
    }
    throw unexpected(column, value == null ? "no value" : value.getClass().getSimpleName());
  }

  private static boolean bool(Map<String, Object> row, String column) {
    Object value = row.get(column);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      switch (s) {
        case "t", "true" -> {
          return true;
        }
        case "f", "false" -> {
          return false;
        }
        default -> throw unexpected(column, "'" + s + "'");
      }
    }
    throw unexpected(column, value == null ? "no value" : value.getClass().getSimpleName());
  }

  private static ClientSchemaException unexpected(String column, String what) {
    return new ClientSchemaException(
        ClientSchemaError.CATALOG_INSPECTION_FAILED,
        "The PostgreSQL catalog query answered %s for %s".formatted(what, column));
  }
}
