package io.storeplane.clientschema.migrate;

import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.clientschema.ClientSchemaException;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.catalog.Catalog;
import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.manifest.Clash;
import io.storeplane.clientschema.version.ClientSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings one store database to a schema version with Flyway, configured in code only: the dialect's
 * locations, the {@link ClientSchema#historyTable() storeplane history table}, clean disabled, no
 * baseline-on-migrate, no placeholder replacement, no configuration files or environment variables.
 *
 * <p>A database without the history table may hold a customer's own tables. Before touching it the
 * migrator compares it with the target {@link io.storeplane.clientschema.manifest.Manifest} and
 * refuses ({@link ClientSchemaError#SCHEMA_CLASH}) if a needed table exists with another shape.
 * Otherwise it writes an explicit baseline at version 0 ("no Storeplane objects yet") and applies
 * every migration from V1: it never baselines past a migration, and Flyway only ever creates and
 * alters the objects of its own migrations.
 *
 * <p>On MySQL its sessions keep no notes ({@code sql_notes = 0}), so give it a data source that
 * opens connections of its own, not a pool shared with other work.
 */
public final class ClientSchemaMigrator {

  private static final String BASELINE_VERSION = "0";

  /**
   * MySQL and MariaDB answer a statement that had nothing to do ({@code CREATE TABLE IF NOT EXISTS}
   * of a table that is there, 1050) with a note, which Connector/J reports as an SQLWarning and
   * Flyway logs as a warning: one per table whenever an interrupted migration runs again. The
   * migrator's sessions keep no notes; warnings (truncation, a bad value) stay.
   */
  private static final String MYSQL_NO_NOTES = "SET SESSION sql_notes = 0";

  private final DataSource dataSource;
  private final Dialect dialect;

  /** A migrator for the store database behind {@code dataSource}, speaking {@code dialect}. */
  public ClientSchemaMigrator(DataSource dataSource, Dialect dialect) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /** Migrates to {@link ClientSchema#currentVersion()}. */
  public MigrationResult migrate() {
    return migrateTo(ClientSchema.currentVersion());
  }

  /**
   * Migrates to {@code targetVersion}; a database already there is left as it is.
   *
   * @throws ClientSchemaException {@link ClientSchemaError#UNKNOWN_SCHEMA_VERSION}, {@link
   *     ClientSchemaError#SCHEMA_NEWER_THAN_TARGET}, {@link ClientSchemaError#SCHEMA_CLASH}
   *     (nothing was changed) or {@link ClientSchemaError#MIGRATION_FAILED}
   */
  public MigrationResult migrateTo(int targetVersion) {
    ClientSchema.requireKnown(targetVersion);
    Flyway flyway = flyway(targetVersion);
    try {
      Catalog catalog = inspect();
      boolean fresh = catalog.table(ClientSchema.historyTable()).isEmpty();
      int from = fresh ? 0 : installedVersion(flyway);
      if (from > targetVersion) {
        throw new ClientSchemaException(
            ClientSchemaError.SCHEMA_NEWER_THAN_TARGET,
            "%s store database %s is at client schema version %d, newer than the target %d"
                .formatted(dialect, catalog.schema(), from, targetVersion));
      }
      if (fresh) {
        refuseClashes(catalog, targetVersion);
        flyway.baseline();
      }
      MigrateResult result = flyway.migrate();
      return new MigrationResult(
          dialect, from, installedVersion(flyway), result.migrationsExecuted, fresh);
    } catch (FlywayException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED,
          "Migrating the %s store database to client schema version %d failed: %s"
              .formatted(dialect, targetVersion, e.getMessage()),
          e);
    }
  }

  /** The schema version the database is at: 0 when it has no Storeplane schema. */
  public int installedVersion() {
    try {
      return installedVersion(flyway(ClientSchema.currentVersion()));
    } catch (FlywayException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED,
          "Could not read the client schema version of the %s store database: %s"
              .formatted(dialect, e.getMessage()),
          e);
    }
  }

  private void refuseClashes(Catalog catalog, int targetVersion) {
    List<Clash> clashes = ClientSchema.manifest(targetVersion).clashesWith(catalog);
    if (!clashes.isEmpty()) {
      throw new ClientSchemaException(
          ClientSchemaError.SCHEMA_CLASH,
          "%s store database %s: %s".formatted(dialect, catalog.schema(), Clash.report(clashes)));
    }
  }

  private Catalog inspect() {
    try (Connection connection = dataSource.getConnection()) {
      return CatalogInspector.inspect(connection, dialect);
    } catch (SQLException e) {
      throw new ClientSchemaException(
          ClientSchemaError.CATALOG_INSPECTION_FAILED,
          "Could not connect to the %s store database: %s".formatted(dialect, e.getMessage()),
          e);
    }
  }

  private static int installedVersion(Flyway flyway) {
    MigrationInfo current = flyway.info().current();
    if (current == null || current.getVersion() == null) {
      return 0;
    }
    return Integer.parseInt(current.getVersion().getVersion());
  }

  private Flyway flyway(int targetVersion) {
    return Flyway.configure(ClientSchemaMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .initSql(dialect == Dialect.MYSQL ? MYSQL_NO_NOTES : null)
        .locations(ClientSchema.locations(dialect).toArray(String[]::new))
        .table(ClientSchema.historyTable())
        .target(MigrationVersion.fromVersion(Integer.toString(targetVersion)))
        .baselineOnMigrate(false)
        .baselineVersion(BASELINE_VERSION)
        .baselineDescription("before the Storeplane client schema")
        .cleanDisabled(true)
        .outOfOrder(false)
        .mixed(false)
        .placeholderReplacement(false)
        .validateMigrationNaming(true)
        .failOnMissingLocations(true)
        .skipDefaultCallbacks(true)
        .load();
  }
}
