package io.storeplane.fleet.migrate;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A store's data source whose every new session waits at most the {@link MigrationLimits} for a
 * lock and runs no statement longer than allowed, so a migration's DDL never queues the store's own
 * queries behind it for longer. The migrator opens several connections (catalog reads, Flyway's, an
 * interrupted MySQL migration's); each gets the settings.
 */
final class LimitedDataSource extends FixedLoginDataSource {

  private final DataSource store;
  private final Dialect dialect;
  private final MigrationLimits limits;
  private volatile Boolean mariadb;

  LimitedDataSource(String name, DataSource store, Dialect dialect, MigrationLimits limits) {
    super(name);
    this.store = store;
    this.dialect = dialect;
    this.limits = limits;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = store.getConnection();
    try (Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        statement.execute(limits.postgresql(false));
      } else {
        long seconds = limits.mysqlLockSeconds();
        statement.execute(
            "SET SESSION lock_wait_timeout = "
                + seconds
                + ", innodb_lock_wait_timeout = "
                + seconds);
        if (isMariadb(statement)) {
          statement.execute("SET SESSION max_statement_time = " + limits.mariadbStatementSeconds());
        }
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private boolean isMariadb(Statement statement) throws SQLException {
    Boolean known = mariadb;
    if (known == null) {
      try (ResultSet variable =
          statement.executeQuery("SHOW VARIABLES LIKE 'max_statement_time'")) {
        known = variable.next();
      }
      mariadb = known;
    }
    return known;
  }
}
