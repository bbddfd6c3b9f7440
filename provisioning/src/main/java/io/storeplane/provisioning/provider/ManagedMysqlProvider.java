package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.inject.Singleton;

/** The {@code managed-mysql} option: a Mysql database on a platform-owned server. */
@Singleton
public class ManagedMysqlProvider extends ManagedDatabaseProvider {

  ManagedMysqlProvider(
      DatabaseServerService servers, ConnectionRecords records, StoreRepository stores) {
    super(servers, records, stores);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MANAGED_MYSQL;
  }
}
