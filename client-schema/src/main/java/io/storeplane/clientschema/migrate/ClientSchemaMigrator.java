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
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

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
 * <p>A MySQL migration interrupted half-way (DDL is not transactional) is finished from the
 * catalog: failed history rows are deleted, the statements of the next pending migration run only
 * for what the catalog lacks, and every run ends by checking the catalog against the manifest
 * (docs/client-schema.md, "Interrupted MySQL migrations").
 *
 * <p>On MySQL its sessions keep no notes ({@code sql_notes = 0}), so give it a data source that
 * opens connections of its own, not a pool shared with other work.
 */
public final class ClientSchemaMigrator {

  private static final String BASELINE_VERSION = "0";
  private static final System.Logger LOG = System.getLogger(ClientSchemaMigrator.class.getName());

  /**
   * MySQL and MariaDB answer a statement that had nothing to do ({@code CREATE TABLE IF NOT EXISTS}
   * of a table that is there, 1050) with a note, which Connector/J reports as an SQLWarning and
   * Flyway logs as a warning: one per table whenever an interrupted migration runs again. The
   * migrator's sessions keep no notes; warnings (truncation, a bad value) stay. MariaDB has {@code
   * note_verbosity} for this (from 10.6.16 and 10.11.6; from 11 on, setting the older {@code
   * sql_notes} is itself answered with a deprecation warning), MySQL only {@code sql_notes}.
   *
   * <p>The same statement makes the session strict ({@code STRICT_ALL_TABLES} added to whatever
   * {@code sql_mode} the server gives): a server configured without strict mode would otherwise
   * turn the NULLs a {@code MODIFY ... NOT NULL} meets into empty strings with a warning (V4's
   * {@code order_items.sku}) instead of stopping the migration.
   */
  private static final String NO_NOTES = "SET SESSION note_verbosity = '', sql_mode = " + strict();

  private static final String NO_NOTES_MYSQL = "SET SESSION sql_notes = 0, sql_mode = " + strict();

  /** Flyway instances, configured once per settings, shared by every migrator. */
  private static final ConfiguredFlyways FLYWAYS =
      new ConfiguredFlyways(ClientSchemaMigrator::configure);

  private final DataSource dataSource;
  private final Dialect dialect;

  /** The statement that turns notes off on this server; found on first use (MySQL dialect). */
  private String noNotes;

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
   *     (nothing was changed), {@link ClientSchemaError#MIGRATION_FAILED} or {@link
   *     ClientSchemaError#SCHEMA_INCOMPLETE} (the catalog lacks a table or column of the target
   *     version afterwards)
   */
  public MigrationResult migrateTo(int targetVersion) {
    ClientSchema.requireKnown(targetVersion);
    try (ConfiguredFlyways.Lent lent = FLYWAYS.lend(settings(targetVersion, false), dataSource)) {
      Flyway flyway = lent.flyway();
      OptionalInt installed = historyMended();
      boolean fresh = installed.isEmpty();
      int from = installed.orElse(0);
      if (from > targetVersion) {
        throw new ClientSchemaException(
            ClientSchemaError.SCHEMA_NEWER_THAN_TARGET,
            "%s store database %s is at client schema version %d, newer than the target %d"
                .formatted(dialect, inspect().schema(), from, targetVersion));
      }
      if (fresh) {
        refuseClashes(inspect(), targetVersion);
        flyway.baseline();
      }
      int resumed = resumeInterrupted(from, targetVersion);
      MigrateResult result = flyway.migrate();
      requireComplete(targetVersion);
      // Flyway applied every version up to the target or threw: the database is at the target
      return new MigrationResult(
          dialect, from, targetVersion, resumed + result.migrationsExecuted, fresh);
    } catch (FlywayException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED,
          "Migrating the %s store database to client schema version %d failed: %s"
              .formatted(dialect, targetVersion, e.getMessage()),
          e);
    }
  }

  /**
   * The schema version the database is at: the newest version its history records as applied
   * successfully; 0 when it has no Storeplane schema. A failed row (a MySQL migration that stopped
   * half-way) never counts.
   */
  public int installedVersion() {
    try (Connection connection = dataSource.getConnection()) {
      return SchemaHistory.installedVersion(connection, dialect).orElse(0);
    } catch (SQLException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED,
          "Could not read the client schema version of the %s store database: %s"
              .formatted(dialect, e.getMessage()),
          e);
    }
  }

  /**
   * The version the history records as applied (empty: no history table), its failed rows removed
   * first ({@link SchemaHistory#removeFailedRows}): Flyway writes one ({@code success = 0}) when a
   * migration fails on a database without DDL transactions (MySQL), and it would make every later
   * migrate stop ("Detected failed migration"). What the failed run left is finished by {@link
   * #resumeInterrupted}. Flyway's own repair is not used: it would also realign the checksums of
   * applied migrations, hiding an edited released file.
   */
  private OptionalInt historyMended() {
    try (Connection connection = dataSource.getConnection()) {
      OptionalInt installed = SchemaHistory.installedVersion(connection, dialect);
      if (installed.isPresent()) {
        int removed = SchemaHistory.removeFailedRows(connection);
        if (removed > 0) {
          LOG.log(
              System.Logger.Level.WARNING,
              "Removed {0} failed migration row(s) from the {1} store database''s history;"
                  + " migrating again",
              removed,
              dialect);
        }
      }
      return installed;
    } catch (SQLException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED,
          "Could not read or mend the %s store database's schema history: %s"
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

  /**
   * Finishes a MySQL migration that stopped after some of its statements (MySQL DDL is not
   * transactional: a kill or a dropped connection leaves the statements before it applied, and
   * running the file again fails on the first of them). When the catalog holds anything the next
   * pending migration (the one after {@code from}, the version the history records) creates, its
   * statements are run one by one, each only for what the catalog does not have yet ({@link
   * StatementEffect}), and Flyway then records the version without running the file, so the history
   * keeps the file's checksum. Otherwise Flyway runs it as usual.
   *
   * @return 1 when a migration was finished this way, else 0
   */
  private int resumeInterrupted(int from, int targetVersion) {
    int version = from + 1;
    if (dialect != Dialect.MYSQL || version > targetVersion) {
      return 0;
    }
    List<StatementEffect> effects =
        MigrationScript.load(dialect, ClientSchema.script(version)).statements().stream()
            .map(StatementEffect::of)
            .toList();
    Catalog catalog = inspect();
    if (effects.stream().noneMatch(e -> e.startedIn(catalog))) {
      return 0;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "Store database {0} holds part of client schema version {1} (an interrupted migration);"
            + " finishing it statement by statement",
        catalog.schema(),
        version);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(noNotes()); // the session Flyway's initSql would give (strict, no notes)
      for (StatementEffect effect : effects) {
        // each statement creates only its own objects: the catalog read before is enough
        Optional<String> remainder = effect.remainderFor(catalog);
        if (remainder.isPresent()) {
          statement.execute(remainder.get());
        }
      }
    } catch (SQLException e) {
      throw new ClientSchemaException(
          ClientSchemaError.MIGRATION_FAILED,
          "Finishing the interrupted client schema version %d of %s store database %s failed: %s"
              .formatted(version, dialect, catalog.schema(), e.getMessage()),
          e);
    }
    try (ConfiguredFlyways.Lent lent = FLYWAYS.lend(settings(version, true), dataSource)) {
      lent.flyway().migrate();
    }
    return 1;
  }

  /**
   * Checks the catalog against the manifest of {@code version}: a migration ends only with every
   * table, column and constraint there, whatever the history says.
   */
  private void requireComplete(int version) {
    Catalog catalog = inspect();
    List<String> differences = ClientSchema.manifest(version).differencesFrom(catalog);
    if (!differences.isEmpty()) {
      throw new ClientSchemaException(
          ClientSchemaError.SCHEMA_INCOMPLETE,
          "%s store database %s does not have the complete client schema version %d: %s"
              .formatted(dialect, catalog.schema(), version, String.join("; ", differences)));
    }
  }

  private static String strict() {
    return "CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')";
  }

  private String noNotes() {
    if (noNotes == null) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          var variable = statement.executeQuery("SHOW VARIABLES LIKE 'note_verbosity'")) {
        noNotes = variable.next() ? NO_NOTES : NO_NOTES_MYSQL;
      } catch (SQLException e) {
        throw new ClientSchemaException(
            ClientSchemaError.MIGRATION_FAILED,
            "Could not read the %s store database's settings: %s"
                .formatted(dialect, e.getMessage()),
            e);
      }
    }
    return noNotes;
  }

  private ConfiguredFlyways.Settings settings(int targetVersion, boolean skipExecutingMigrations) {
    return new ConfiguredFlyways.Settings(
        dialect,
        targetVersion,
        dialect == Dialect.MYSQL ? noNotes() : null,
        skipExecutingMigrations);
  }

  /** Everything but the data source ({@link ConfiguredFlyways} gives it). */
  private static FluentConfiguration configure(ConfiguredFlyways.Settings settings) {
    FluentConfiguration configuration =
        Flyway.configure(ClientSchemaMigrator.class.getClassLoader())
            .initSql(settings.initSql())
            .locations(ClientSchema.locations(settings.dialect()).toArray(String[]::new))
            .table(ClientSchema.historyTable())
            .target(MigrationVersion.fromVersion(Integer.toString(settings.targetVersion())))
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
            .skipExecutingMigrations(settings.skipExecutingMigrations());
    if (settings.dialect() == Dialect.POSTGRESQL) {
      // Flyway on PostgreSQL takes its lock with pg_advisory_xact_lock in a transaction of its own
      // and so runs the migrations on a second connection; with the session-level lock it uses one
      // connection for everything. A new session is a large part of what a migration costs the
      // store's server (a backend, its catalog caches filled again: docs/benchmarks.md, "Fleet
      // rollout"), and no store is reached through a transaction-pooling proxy, where a
      // session-level lock would not hold.
      configuration
          .getPluginRegister()
          .getExact(PostgreSQLConfigurationExtension.class)
          .setTransactionalLock(false);
    }
    return configuration;
  }
}
