package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.TypeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a MySQL 8 or MariaDB catalog from information_schema, limited to {@code DATABASE()}.
 *
 * <p>MariaDB stores a {@code JSON} column as {@code LONGTEXT} with an implicit CHECK named after
 * the column, {@code json_valid(`col`)}; such a column is reported as {@link TypeKind#JSON} and its
 * implicit check is left out of the check names. A {@code CHAR(36)} column in the ascii character
 * set is a {@link TypeKind#UUID}.
 */
final class MysqlCatalogReader {

  private static final String RELATIONS =
      "SELECT TABLE_NAME AS table_name, TABLE_TYPE AS table_type FROM information_schema.TABLES"
          + " WHERE TABLE_SCHEMA = DATABASE()";

  private static final String COLUMNS =
      "SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, DATA_TYPE AS data_type,"
          + " COLUMN_TYPE AS column_type, IS_NULLABLE AS is_nullable,"
          + " CHARACTER_MAXIMUM_LENGTH AS max_length, NUMERIC_PRECISION AS numeric_precision,"
          + " NUMERIC_SCALE AS numeric_scale, DATETIME_PRECISION AS datetime_precision,"
          + " CHARACTER_SET_NAME AS charset FROM information_schema.COLUMNS"
          + " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION";

  private static final String INDEXES =
      "SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,"
          + " COLUMN_NAME AS column_name, INDEX_TYPE AS index_type FROM information_schema.STATISTICS"
          + " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

  /**
   * Each side names the session's database itself: MariaDB reads only the databases a condition on
   * an information_schema table's own schema column names with a constant, and a join condition
   * ({@code r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA}) is not one. It then opened every table of
   * every database on the server for each catalog read, so a store's migration cost grew with the
   * fleet on its server (docs/benchmarks.md, "Fleet rollout").
   */
  private static final String FOREIGN_KEYS =
      "SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name,"
          + " k.COLUMN_NAME AS column_name, k.REFERENCED_TABLE_NAME AS referenced_table,"
          + " k.REFERENCED_COLUMN_NAME AS referenced_column, r.DELETE_RULE AS delete_rule"
          + " FROM information_schema.KEY_COLUMN_USAGE k"
          + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
          + " ON r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
          + " WHERE k.TABLE_SCHEMA = DATABASE() AND r.CONSTRAINT_SCHEMA = DATABASE()"
          + " AND k.REFERENCED_TABLE_NAME IS NOT NULL"
          + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

  /** MariaDB names check constraints per table and lists the table in CHECK_CONSTRAINTS. */
  private static final String MARIADB_CHECKS =
      "SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name,"
          + " CHECK_CLAUSE AS check_clause FROM information_schema.CHECK_CONSTRAINTS"
          + " WHERE CONSTRAINT_SCHEMA = DATABASE()";

  /** MySQL 8 names check constraints per schema; the table comes from TABLE_CONSTRAINTS. */
  private static final String MYSQL_CHECKS =
      "SELECT tc.TABLE_NAME AS table_name, tc.CONSTRAINT_NAME AS constraint_name,"
          + " cc.CHECK_CLAUSE AS check_clause FROM information_schema.TABLE_CONSTRAINTS tc"
          + " JOIN information_schema.CHECK_CONSTRAINTS cc"
          + " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
          + " AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
          + " WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'";

  private MysqlCatalogReader() {}

  /** Every query {@link #read} may run on MariaDB (for the test of their plans). */
  static List<String> mariadbQueries() {
    return List.of(RELATIONS, MARIADB_CHECKS, COLUMNS, INDEXES, FOREIGN_KEYS);
  }

  static Catalog read(Connection connection) throws SQLException {
    CatalogBuilder builder = new CatalogBuilder();
    String schema = single(connection, "SELECT DATABASE()");
    boolean mariaDb = single(connection, "SELECT VERSION()").contains("MariaDB");
    try (PreparedStatement statement = connection.prepareStatement(RELATIONS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        builder.relation(
            rows.getString("table_name"),
            "BASE TABLE".equals(rows.getString("table_type"))
                ? RelationKind.TABLE
                : RelationKind.VIEW);
      }
    }
    Set<String> jsonColumns = new HashSet<>();
    try (PreparedStatement statement =
            connection.prepareStatement(mariaDb ? MARIADB_CHECKS : MYSQL_CHECKS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String table = rows.getString("table_name");
        String name = rows.getString("constraint_name");
        String clause = rows.getString("check_clause");
        if (clause.equalsIgnoreCase("json_valid(`" + name + "`)")) {
          jsonColumns.add(table + "." + name);
        } else {
          builder.check(table, name);
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String table = rows.getString("table_name");
        String column = rows.getString("column_name");
        builder.column(table, column(rows, jsonColumns.contains(table + "." + column)));
      }
    }
    readIndexes(connection, builder);
    readForeignKeys(connection, builder);
    return builder.build(Dialect.MYSQL, schema);
  }

  private static void readIndexes(Connection connection, CatalogBuilder builder)
      throws SQLException {
    Map<String, IndexRows> indexes = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(INDEXES);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String table = rows.getString("table_name");
        String name = rows.getString("index_name");
        String column = rows.getString("column_name");
        boolean unique = rows.getInt("non_unique") == 0;
        String method = lower(rows.getString("index_type"));
        indexes
            .computeIfAbsent(
                table + "\u0000" + name, k -> new IndexRows(table, name, unique, method))
            .columns
            .add(column == null ? "(expression)" : column);
      }
    }
    for (IndexRows index : indexes.values()) {
      if ("PRIMARY".equals(index.name)) {
        builder.primaryKey(index.table, index.columns);
      } else if (index.unique) {
        builder.uniqueKey(index.table, new UniqueKey(index.name, index.columns));
      } else {
        builder.index(index.table, new CatalogIndex(index.name, index.columns, index.method));
      }
    }
  }

  private static void readForeignKeys(Connection connection, CatalogBuilder builder)
      throws SQLException {
    Map<String, ForeignKeyRows> keys = new LinkedHashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String table = rows.getString("table_name");
        String name = rows.getString("constraint_name");
        String referencedTable = rows.getString("referenced_table");
        String rule = rows.getString("delete_rule");
        ForeignKeyRows key =
            keys.computeIfAbsent(
                table + "\u0000" + name,
                k -> new ForeignKeyRows(table, name, referencedTable, rule));
        key.columns.add(rows.getString("column_name"));
        key.referencedColumns.add(rows.getString("referenced_column"));
      }
    }
    for (ForeignKeyRows key : keys.values()) {
      builder.foreignKey(
          key.table,
          new ForeignKey(
              key.name, key.columns, key.referencedTable, key.referencedColumns, key.onDelete));
    }
  }

  private static CatalogColumn column(ResultSet rows, boolean jsonChecked) throws SQLException {
    String name = rows.getString("column_name");
    String dataType = lower(rows.getString("data_type"));
    String columnType = lower(rows.getString("column_type"));
    boolean nullable = "YES".equals(rows.getString("is_nullable"));
    int length = (int) Math.min(Integer.MAX_VALUE, rows.getLong("max_length"));
    String charset = rows.getString("charset");
    return switch (dataType) {
      case "char" ->
          length == 36 && "ascii".equalsIgnoreCase(charset)
              ? new CatalogColumn(name, TypeKind.UUID, columnType, nullable, 0, 0, 0)
              : new CatalogColumn(name, TypeKind.STRING, columnType, nullable, length, 0, 0);
      case "varchar" ->
          new CatalogColumn(name, TypeKind.STRING, columnType, nullable, length, 0, 0);
      case "tinytext", "text", "mediumtext" ->
          new CatalogColumn(name, TypeKind.TEXT, columnType, nullable, 0, 0, 0);
      case "longtext" ->
          new CatalogColumn(
              name, jsonChecked ? TypeKind.JSON : TypeKind.TEXT, columnType, nullable, 0, 0, 0);
      case "json" -> new CatalogColumn(name, TypeKind.JSON, columnType, nullable, 0, 0, 0);
      case "int" -> new CatalogColumn(name, TypeKind.INTEGER, columnType, nullable, 0, 0, 0);
      case "bigint" -> new CatalogColumn(name, TypeKind.BIGINT, columnType, nullable, 0, 0, 0);
      case "decimal" ->
          new CatalogColumn(
              name,
              TypeKind.DECIMAL,
              columnType,
              nullable,
              0,
              rows.getInt("numeric_precision"),
              rows.getInt("numeric_scale"));
      case "tinyint" ->
          new CatalogColumn(
              name,
              columnType.startsWith("tinyint(1)") ? TypeKind.BOOLEAN : TypeKind.OTHER,
              columnType,
              nullable,
              0,
              0,
              0);
      case "datetime" ->
          new CatalogColumn(
              name,
              TypeKind.TIMESTAMP,
              columnType,
              nullable,
              0,
              rows.getInt("datetime_precision"),
              0);
      case "date" -> new CatalogColumn(name, TypeKind.DATE, columnType, nullable, 0, 0, 0);
      default -> new CatalogColumn(name, TypeKind.OTHER, columnType, nullable, 0, 0, 0);
    };
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return String.valueOf(rows.getString(1));
    }
  }

  private static String lower(String value) {
    return value == null ? "" : value.toLowerCase(Locale.ROOT);
  }

  private static final class IndexRows {
    final String table;
    final String name;
    final boolean unique;
    final String method;
    final List<String> columns = new ArrayList<>();

    IndexRows(String table, String name, boolean unique, String method) {
      this.table = table;
      this.name = name;
      this.unique = unique;
      this.method = method;
    }
  }

  private static final class ForeignKeyRows {
    final String table;
    final String name;
    final String referencedTable;
    final String onDelete;
    final List<String> columns = new ArrayList<>();
    final List<String> referencedColumns = new ArrayList<>();

    ForeignKeyRows(String table, String name, String referencedTable, String onDelete) {
      this.table = table;
      this.name = name;
      this.referencedTable = referencedTable;
      this.onDelete = onDelete;
    }
  }
}
