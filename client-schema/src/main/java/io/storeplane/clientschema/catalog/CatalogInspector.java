package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads the tables, columns, keys, indexes and CHECK names of the connection's current schema:
 * PostgreSQL's {@code current_schema()} or MySQL's {@code DATABASE()}. Read-only; it changes
 * nothing in the database and leaves the connection open.
 */
public final class CatalogInspector {

  private CatalogInspector() {}

  /**
   * The catalog of the current schema of {@code connection}.
   *
   * @throws ClientSchemaException {@link ErrorCode#CATALOG_INSPECTION_FAILED} when the catalog
   *     cannot be read
   */
  public static Catalog inspect(Connection connection, Dialect dialect) {
    try {
      return switch (dialect) {
        case POSTGRESQL -> PostgresCatalogReader.read(connection);
        case MYSQL -> MysqlCatalogReader.read(connection);
      };
    } catch (SQLException e) {
      throw new ClientSchemaException(
          ErrorCode.CATALOG_INSPECTION_FAILED,
          "Could not read the %s catalog: %s".formatted(dialect, e.getMessage()),
          e);
    }
  }
}
