package io.storeplane.clientschema.migrate;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The store database's Flyway history table ({@link ClientSchema#historyTable()}, in the session's
 * own schema) read and mended with plain SQL in the session the caller gives: whether it is there
 * and the newest version it records as applied. One or two short queries, where Flyway's {@code
 * info} configures itself, reads the server's metadata and resolves every migration file; a
 * migration of a store asks this before it begins.
 */
final class SchemaHistory {

  /** PostgreSQL: the table in the session's current schema (Flyway's default schema). */
  private static final String POSTGRES_EXISTS =
      "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind IN ('r', 'p'))";

  /** MySQL/MariaDB: the table in the session's database (Flyway's default schema). */
  private static final String MYSQL_EXISTS =
      "SELECT COUNT(*) FROM information_schema.TABLES"
          + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";

  /**
   * Versions of rows that succeeded: the baseline (0) and every applied migration; a failed row (a
   * MySQL migration that stopped half-way) never counts. {@code success} is a boolean on PostgreSQL
   * and a TINYINT(1) on MySQL: both read it as a condition.
   */
  private static final String APPLIED_VERSIONS =
      "SELECT version FROM "
          + ClientSchema.historyTable()
          + " WHERE success AND version IS NOT NULL";

  private SchemaHistory() {}

  /**
   * The newest version the history records as applied successfully (0 for a baseline alone), or
   * empty when the database has no history table (no Storeplane schema).
   */
  static OptionalInt installedVersion(Connection connection, Dialect dialect) throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement(
            dialect == Dialect.POSTGRESQL ? POSTGRES_EXISTS : MYSQL_EXISTS)) {
      exists.setString(1, ClientSchema.historyTable());
      try (ResultSet row = exists.executeQuery()) {
        row.next();
        if (dialect == Dialect.POSTGRESQL ? !row.getBoolean(1) : row.getInt(1) == 0) {
          return OptionalInt.empty();
        }
      }
    }
    int newest = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(APPLIED_VERSIONS)) {
      while (rows.next()) {
        newest = Math.max(newest, Integer.parseInt(rows.getString(1).trim()));
      }
    }
    return OptionalInt.of(newest);
  }

  /**
   * Deletes the rows of failed migrations of the versions this build knows (a newer build's failed
   * row is left to that build).
   *
   * @return how many were deleted
   */
  static int removeFailedRows(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return statement.executeUpdate(
          "DELETE FROM "
              + ClientSchema.historyTable()
              + " WHERE NOT success AND version IN ("
              + ClientSchema.versions().stream()
                  .map(v -> "'" + v + "'")
                  .collect(Collectors.joining(", "))
              + ")");
    }
  }
}
