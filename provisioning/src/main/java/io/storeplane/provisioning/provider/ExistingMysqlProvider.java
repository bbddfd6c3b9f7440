package io.storeplane.provisioning.provider;

import io.storeplane.master.store.DatabaseType;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code mysql} option: connect an existing Mysql database. */
@ApplicationScoped
public class ExistingMysqlProvider extends ExistingDatabaseProvider {

  ExistingMysqlProvider(ConnectionRecords records) {
    super(records);
  }

  @Override
  public DatabaseType type() {
    return DatabaseType.MYSQL;
  }
}
