package io.storeplane.provisioning.connect;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.provisioning.connect.table.ConnectionWork;
import io.storeplane.provisioning.connect.table.JdbcStoreTables;
import io.storeplane.provisioning.connect.table.SqlDialect;
import io.storeplane.provisioning.connect.table.SqlExecutor;
import io.storeplane.provisioning.connect.table.StoreTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The handle of a PostgreSQL or MySQL store: every call goes through the manager. */
final class JdbcStoreHandle extends AbstractStoreHandle implements StoreJdbc, SqlExecutor {

  private final SqlDialect dialect;
  private final int queryTimeoutSeconds;

  JdbcStoreHandle(
      ConnectionManager manager,
      StoreRoute route,
      SqlDialect dialect,
      int queryTimeoutSeconds,
      int maxPageSize) {
    super(manager, route, maxPageSize);
    this.dialect = dialect;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  @Override
  public StoreTables tables() {
    return new JdbcStoreTables(this, dialect, ClientSchema.manifest(), maxPageSize);
  }

  @Override
  public Optional<StoreJdbc> jdbc() {
    return Optional.of(this);
  }

  @Override
  public DataSource dataSource() {
    return new HandleDataSource(manager, route.storeId(), route.poolName());
  }

  @Override
  public List<Map<String, Object>> query(String sql, Object... parameters) {
    return execute(connection -> session(connection).query(sql, parameters));
  }

  @Override
  public int update(String sql, Object... parameters) {
    return execute(connection -> session(connection).update(sql, parameters));
  }

  @Override
  public <T> T inTransaction(SqlWork<T> work) {
    return execute(
        connection -> {
          connection.setAutoCommit(false);
          try {
            T result = work.run(session(connection));
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
          }
        });
  }

  @Override
  public <T> T execute(ConnectionWork<T> work) {
    return manager.execute(route.storeId(), work);
  }

  @Override
  public int queryTimeoutSeconds() {
    return queryTimeoutSeconds;
  }

  private SqlSession session(Connection connection) {
    return new JdbcSqlSession(connection, dialect, queryTimeoutSeconds);
  }

  /** Rolls back; a failing rollback is added to the failure, never hides it. */
  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "StoreHandle[" + route.poolName() + "]";
  }
}
