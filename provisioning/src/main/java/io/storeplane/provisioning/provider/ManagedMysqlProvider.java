package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.inject.Singleton;

/** The {@code managed-mysql} option: a Mysql database on a platform-owned server. */
@Singleton
public class ManagedMysqlProvider extends ManagedDatabaseProvider {

  ManagedMysqlProvider(
      DatabaseServerService servers,
      ConnectionRecords records,
      TemplateDatabases templates,
      WarmPool pool) {
    super(servers, records, templates, pool);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MANAGED_MYSQL;
  }
}
