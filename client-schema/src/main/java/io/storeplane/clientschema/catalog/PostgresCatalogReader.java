package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.TypeKind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Reads a PostgreSQL catalog from pg_catalog, limited to {@code current_schema()}. */
final class PostgresCatalogReader {

  private static final String IN_SCHEMA =
      " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()";

  private static final String RELATIONS =
      "SELECT t.relname, t.relkind FROM pg_class t"
          + IN_SCHEMA
          + " AND t.relkind IN ('r', 'p', 'v', 'm', 'f')";

  private static final String COLUMNS =
      "SELECT t.relname, a.attname, a.attnotnull, y.typname, a.atttypmod,"
          + " format_type(a.atttypid, a.atttypmod) AS native_type"
          + " FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
          + " JOIN pg_type y ON y.oid = a.atttypid"
          + IN_SCHEMA
          + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY t.relname, a.attnum";

  private static final String INDEXES =
      "SELECT t.relname, i.relname AS index_name, x.indisprimary, x.indisunique, am.amname,"
          + " ARRAY(SELECT COALESCE(a.attname, '(expression)')"
          + "   FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
          + "   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
          + "   WHERE k.ord <= x.indnkeyatts ORDER BY k.ord) AS columns"
          + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
          + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam"
          + IN_SCHEMA;

  private static final String FOREIGN_KEYS =
      "SELECT t.relname, c.conname, r.relname AS referenced_table, c.confdeltype,"
          + " ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)"
          + "   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
          + "   ORDER BY k.ord) AS columns,"
          + " ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)"
          + "   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum"
          + "   ORDER BY k.ord) AS referenced_columns"
          + " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
          + " JOIN pg_class r ON r.oid = c.confrelid"
          + IN_SCHEMA
          + " AND c.contype = 'f'";

  private static final String CHECKS =
      "SELECT t.relname, c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
          + IN_SCHEMA
          + " AND c.contype = 'c'";

  private PostgresCatalogReader() {}

  static Catalog read(Connection connection) throws SQLException {
    CatalogBuilder builder = new CatalogBuilder();
    String schema = schema(connection);
    try (PreparedStatement statement = connection.prepareStatement(RELATIONS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String kind = rows.getString(2);
        builder.relation(
            rows.getString(1),
            "r".equals(kind) || "p".equals(kind) ? RelationKind.TABLE : RelationKind.VIEW);
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        builder.column(rows.getString(1), column(rows));
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(INDEXES);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String table = rows.getString(1);
        String name = rows.getString(2);
        List<String> columns = strings(rows.getArray(6));
        if (rows.getBoolean(3)) {
          builder.primaryKey(table, columns);
        } else if (rows.getBoolean(4)) {
          builder.uniqueKey(table, new UniqueKey(name, columns));
        } else {
          builder.index(table, new CatalogIndex(name, columns, rows.getString(5)));
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        builder.foreignKey(
            rows.getString(1),
            new ForeignKey(
                rows.getString(2),
                strings(rows.getArray(5)),
                rows.getString(3),
                strings(rows.getArray(6)),
                deleteRule(rows.getString(4))));
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(CHECKS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        builder.check(rows.getString(1), rows.getString(2));
      }
    }
    return builder.build(Dialect.POSTGRESQL, schema);
  }

  private static String schema(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT current_schema()");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return String.valueOf(rows.getString(1));
    }
  }

  private static CatalogColumn column(ResultSet rows) throws SQLException {
    String name = rows.getString(2);
    boolean nullable = !rows.getBoolean(3);
    String type = rows.getString(4);
    int modifier = rows.getInt(5);
    String nativeType = rows.getString(6);
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

  private static List<String> strings(Array array) throws SQLException {
    try {
      return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    } finally {
      array.free();
    }
  }
}
