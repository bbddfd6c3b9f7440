package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads the tables, columns, keys, indexes and CHECK names of the connection's current schema:
 * PostgreSQL's {@code current_schema()} or MySQL's {@code DATABASE()}. Read-only; it changes
 * nothing in the database and leaves the connection open. A PostgreSQL catalog can also be read
 * through any other SQL channel ({@link #inspectPostgresql(CatalogRows)}) with the same queries, so
 * a JDBC connection and, say, Supabase's run-SQL endpoint describe one database identically.
 */
public final class CatalogInspector {

  private CatalogInspector() {}

  /**
   * The catalog of the current schema of {@code connection}.
   *
   * @throws ClientSchemaException {@link ClientSchemaError#CATALOG_INSPECTION_FAILED} when the
   *     catalog cannot be read
   */
  public static Catalog inspect(Connection connection, Dialect dialect) {
    try {
      return switch (dialect) {
        case POSTGRESQL -> PostgresCatalogReader.read(new JdbcCatalogRows(connection));
        case MYSQL -> MysqlCatalogReader.read(connection);
      };
    } catch (SQLException e) {
      throw failed(dialect, e);
    }
  }

  /**
   * The catalog of the current schema of the PostgreSQL database {@code channel} reaches, read with
   * the same queries as {@link #inspect(Connection, Dialect)}.
   *
   * @throws ClientSchemaException {@link ClientSchemaError#CATALOG_INSPECTION_FAILED} when a JDBC
   *     channel fails or a row does not have the expected shape; other channels' own exceptions
   *     pass through
   */
  public static Catalog inspectPostgresql(CatalogRows channel) {
    try {
      return PostgresCatalogReader.read(channel);
    } catch (SQLException e) {
      throw failed(Dialect.POSTGRESQL, e);
    }
  }

  private static ClientSchemaException failed(Dialect dialect, SQLException e) {
    return new ClientSchemaException(
        ClientSchemaError.CATALOG_INSPECTION_FAILED,
        "Could not read the %s catalog: %s".formatted(dialect, e.getMessage()),
        e);
  }
}
