package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.inject.Singleton;

/** The {@code managed-postgresql} option: a Postgresql database on a platform-owned server. */
@Singleton
public class ManagedPostgresqlProvider extends ManagedDatabaseProvider {

  ManagedPostgresqlProvider(
      DatabaseServerService servers, ConnectionRecords records, StoreRepository stores) {
    super(servers, records, stores);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MANAGED_POSTGRESQL;
  }
}
