package io.storeplane.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How the engine gets a transaction on the master database. In the application it joins the
 * caller's JTA transaction or starts one ({@code runtime}), so a kind's {@link JobKind#ended} hook
 * and a service's own writes commit with the engine's; {@link #plain(DataSource)} is for
 * framework-free use (tests, benchmarks, a bare worker process).
 */
@FunctionalInterface
public interface JobTransactions {

  /** Work on the transaction's connection; must not commit, roll back or close it. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction (the caller's, when one is active) and returns its result.
   *
   * @throws JobException {@link JobError#JOB_STORE_FAILED} on an SQLException
   */
  <T> T inTransaction(Work<T> work);

  /** Each call a transaction of its own on a connection of {@code dataSource}. */
  static JobTransactions plain(DataSource dataSource) {
    return new JobTransactions() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(false);
          try {
            T result = work.run(connection);
            connection.commit();
            return result;
          } catch (SQLException | RuntimeException | Error e) {
            connection.rollback();
            throw e;
          }
        } catch (SQLException e) {
          throw storeFailed(e);
        }
      }
    };
  }

  /** The engine's failure for an SQLException. */
  static JobException storeFailed(SQLException e) {
    return new JobException(
        JobError.JOB_STORE_FAILED,
        "The master database did not answer the job engine: " + e.getMessage(),
        e);
  }
}
