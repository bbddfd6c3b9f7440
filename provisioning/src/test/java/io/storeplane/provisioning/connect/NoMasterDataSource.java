package io.storeplane.provisioning.connect;

import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The master DataSource of core tests, which never use it: every call fails. */
final class NoMasterDataSource extends FixedLoginDataSource {

  NoMasterDataSource() {
    super("The core tests' master database");
  }

  @Override
  public Connection getConnection() throws SQLException {
    throw new SQLException("core tests have no master database");
  }
}
