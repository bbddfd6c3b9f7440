package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.manifest.Clash;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Checks a connection to an existing database without saving or changing anything: connects
 * (through the outbound guard), reads the server version, the tables there, the clashes with the
 * client schema and the Storeplane schema version already installed.
 */
public final class ConnectionCheck {

  /**
   * What was found.
   *
   * @param serverVersion product and version
   * @param tables the tables in the database (MySQL: schema)
   * @param clashes tables the client schema needs that exist in another shape
   * @param schemaVersion the Storeplane client schema version installed (0: none)
   * @param currentVersion the version provisioning would install
   */
  public record Report(
      String serverVersion,
      List<String> tables,
      List<Clash> clashes,
      int schemaVersion,
      int currentVersion) {}

  private ConnectionCheck() {}

  /**
   * @throws io.storeplane.provisioning.ProvisioningException with a precise code when the
   *     connection fails
   */
  public static Report check(DatabaseLogin database) {
    String what =
        "Connecting to %s:%d/%s as %s"
            .formatted(database.host(), database.port(), database.database(), database.username());
    try (Connection connection = database.open()) {
      var meta = connection.getMetaData();
      Catalog catalog = CatalogInspector.inspect(connection, database.dialect());
      boolean ours = catalog.table(ClientSchema.historyTable()).isPresent();
      int installed =
          ours
              ? new ClientSchemaMigrator(database.dataSource(), database.dialect())
                  .installedVersion()
              : 0;
      return new Report(
          meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion(),
          catalog.tableNames().stream().sorted().toList(),
          ours ? List.of() : ClientSchema.manifest().clashesWith(catalog),
          installed,
          ClientSchema.currentVersion());
    } catch (SQLException | RuntimeException e) {
      throw DatabaseFailures.translate(what, e);
    }
  }
}
