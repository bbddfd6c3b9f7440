package io.storeplane.billing.metering;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real data source whose faults a test switches on: no connection at all, or a commit that
 * happens and then reports an error (as a connection lost while the commit's answer travels).
 */
final class FaultyDataSource implements DataSource {

  final AtomicBoolean refuseConnections = new AtomicBoolean();
  final AtomicBoolean failAfterCommit = new AtomicBoolean();
  private final DataSource real;

  FaultyDataSource(DataSource real) {
    this.real = real;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (refuseConnections.get()) {
      throw new SQLException("Connection refused (test fault)", "08001");
    }
    Connection connection = real.getConnection();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              try {
                Object result = method.invoke(connection, args);
                if (method.getName().equals("commit") && failAfterCommit.get()) {
                  throw new SQLException("I/O error after the commit (test fault)", "08006");
                }
                return result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
