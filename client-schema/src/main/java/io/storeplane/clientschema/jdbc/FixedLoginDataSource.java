package io.storeplane.clientschema.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The boilerplate of a {@link DataSource} that hands out connections one way, with a login fixed
 * when it was made: a subclass writes {@link #getConnection()} only. Logging goes through the
 * application's logging (no log writer), a login with other credentials is refused, and it wraps
 * nothing but itself.
 */
public abstract class FixedLoginDataSource implements DataSource {

  private final String name;

  /**
   * @param name what the data source is, in its {@code toString} and errors
   */
  protected FixedLoginDataSource(String name) {
    this.name = name;
  }

  @Override
  public abstract Connection getConnection() throws SQLException;

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        name + " logs in with its configured credentials only");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Logging goes through the application's logging; a log writer has nothing to receive.
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    // The timeout is part of how the connection is opened; a subclass may refuse a change.
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
    throw new SQLException(name + " does not wrap a " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return name;
  }
}
