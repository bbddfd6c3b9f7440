package io.storeplane.provisioning.connect;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The {@code DataSource} of {@link StoreJdbc#dataSource()}: every {@link #getConnection()} goes
 * through the manager (route, circuit breaker, budget, the store's current pool). Failures are
 * {@link SQLException}s, as the interface requires, with the manager's {@link
 * io.storeplane.provisioning.ProvisioningException} as their cause.
 */
final class HandleDataSource implements DataSource {

  private final ConnectionManager manager;
  private final UUID storeId;
  private final String poolName;

  HandleDataSource(ConnectionManager manager, UUID storeId, String poolName) {
    this.manager = manager;
    this.storeId = storeId;
    this.poolName = poolName;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return manager.borrow(storeId);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Pool " + poolName + " logs in with the store's configured credentials only");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // The pool logs through the application's logging; a log writer has nothing to receive.
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Pool " + poolName + ": the timeout is storeplane.pools.connect-timeout");
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("No java.util.logging parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("Pool " + poolName + " does not wrap a " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "HandleDataSource[" + poolName + "]";
  }
}
