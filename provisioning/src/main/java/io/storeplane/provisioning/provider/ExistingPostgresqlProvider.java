package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import jakarta.inject.Singleton;

/** The {@code postgresql} option: connect an existing Postgresql database. */
@Singleton
public class ExistingPostgresqlProvider extends ExistingDatabaseProvider {

  ExistingPostgresqlProvider(ConnectionRecords records) {
    super(records);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.POSTGRESQL;
  }
}
