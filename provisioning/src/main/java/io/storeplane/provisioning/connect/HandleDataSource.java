package io.storeplane.provisioning.connect;

import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.UUID;

/**
 * The {@code DataSource} of {@link StoreJdbc#dataSource()}: every {@link #getConnection()} goes
 * through the manager (route, circuit breaker, budget, the store's current pool). Failures are
 * {@link SQLException}s, as the interface requires, with the manager's {@link
 * io.storeplane.provisioning.ProvisioningException} as their cause.
 */
final class HandleDataSource extends FixedLoginDataSource {

  private final ConnectionManager manager;
  private final UUID storeId;
  private final String poolName;

  HandleDataSource(ConnectionManager manager, UUID storeId, String poolName) {
    super("Pool " + poolName);
    this.manager = manager;
    this.storeId = storeId;
    this.poolName = poolName;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return manager.borrow(storeId);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Pool " + poolName + ": the timeout is storeplane.pools.connect-timeout");
  }

  @Override
  public String toString() {
    return "HandleDataSource[" + poolName + "]";
  }
}
