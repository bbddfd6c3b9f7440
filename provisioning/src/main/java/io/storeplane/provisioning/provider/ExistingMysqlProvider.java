package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import jakarta.inject.Singleton;

/** The {@code mysql} option: connect an existing Mysql database. */
@Singleton
public class ExistingMysqlProvider extends ExistingDatabaseProvider {

  ExistingMysqlProvider(ConnectionRecords records) {
    super(records);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MYSQL;
  }
}
