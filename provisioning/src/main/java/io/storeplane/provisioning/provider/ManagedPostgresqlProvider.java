package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.inject.Singleton;

/** The {@code managed-postgresql} option: a Postgresql database on a platform-owned server. */
@Singleton
public class ManagedPostgresqlProvider extends ManagedDatabaseProvider {

  ManagedPostgresqlProvider(
      DatabaseServerService servers,
      ConnectionRecords records,
      TemplateDatabases templates,
      WarmPool pool) {
    super(servers, records, templates, pool);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MANAGED_POSTGRESQL;
  }
}
