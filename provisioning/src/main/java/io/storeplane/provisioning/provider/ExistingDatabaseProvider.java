package io.storeplane.provisioning.provider;

import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.schema.SchemaPath;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connect a database the merchant already has ({@code postgresql}, {@code mysql}). Its connection
 * was saved when the store was created or the provisioning was requested; every connection goes
 * through the outbound guard. Nothing is ever created, dropped or altered here beyond what the
 * client schema's own migrations create, and clean-up, suspension and purge only disconnect.
 */
public abstract class ExistingDatabaseProvider implements DatabaseProvider {

  private final ConnectionRecords records;

  protected ExistingDatabaseProvider(ConnectionRecords records) {
    this.records = records;
  }

  @Override
  public StepOutcome testConnection(ProvisioningContext context) {
    DatabaseLogin database = storeDatabase(context);
    String what =
        "Connecting to %s:%d/%s as %s"
            .formatted(database.host(), database.port(), database.database(), database.username());
    try (Connection connection = database.open()) {
      var meta = connection.getMetaData();
      return StepOutcome.done(
          "Connected to %s %s at %s:%d/%s as %s"
              .formatted(
                  meta.getDatabaseProductName(),
                  meta.getDatabaseProductVersion(),
                  database.host(),
                  database.port(),
                  database.database(),
                  database.username()));
    } catch (SQLException | RuntimeException e) {
      throw DatabaseFailures.translate(what, e);
    }
  }

  @Override
  public StepOutcome createDatabase(ProvisioningContext context) {
    return StepOutcome.skipped("Existing database: nothing to create");
  }

  @Override
  public DatabaseLogin storeDatabase(ProvisioningContext context) {
    return records
        .read(context.storeId(), type().engine(), true)
        .orElseThrow(() -> noSavedConnection(context));
  }

  /** save-connection writes the master alone: the database was reached by the steps before. */
  @Override
  public boolean savesConnectionInMasterOnly() {
    return true;
  }

  @Override
  public StepOutcome saveConnection(ProvisioningContext context, int schemaVersion) {
    ConnectionRecords.SavedLocation saved;
    try {
      saved =
          records
              .recordLocation(
                  context.storeId(),
                  context.schemaReached(schemaVersion, SchemaPath.ADOPTED, SchemaPath.FLYWAY),
                  ConnectionRecords.MasterWrite.NONE)
              .orElseThrow(() -> noSavedConnection(context));
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Recording where the store's database lives", e);
    }
    return StepOutcome.done(
        "Connection to %s saved (password sealed) at schema version %d"
            .formatted(saved.where(), schemaVersion));
  }

  private static ProvisioningException noSavedConnection(ProvisioningContext context) {
    return new ProvisioningException(
        ProvisioningError.DATABASE_OPTION_INVALID,
        "Store " + context.storeSlug() + " has no saved connection to its database.");
  }

  @Override
  public String cleanUp(ProvisioningContext context) {
    // An existing database is never changed back or dropped: nothing here was created by the job
    // except by the client schema's own migrations, which Flyway records in its history table.
    return NOTHING_REMOVED;
  }

  @Override
  public String suspend(Store store) {
    return "Existing database disconnected: the platform will not connect to it while suspended";
  }

  @Override
  public String resume(Store store) {
    return "Existing database reconnected: the platform connects to it again";
  }

  @Override
  public String purge(Store store) {
    records.forget(store.id);
    return "Existing database disconnected and its saved connection removed; the database itself"
        + " was not touched";
  }
}
