package io.storeplane.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How the engine gets a transaction on the master database. In the application it joins the
 * caller's JTA transaction or starts one ({@code runtime}), so a kind's {@link JobKind#ended} hook
 * and a service's own writes commit with the engine's; {@link #plain(DataSource)} is for
 * framework-free use (tests, benchmarks, a bare worker process).
 *
 * <p>A {@link #begin span} is a transaction begun on the running thread and left open across the
 * kind's code: every {@link #inTransaction} on that thread joins it until it commits or rolls back.
 * The engine opens one for the steps {@linkplain JobContext#stepRecordedAfter recorded after they
 * run} and ends it with the write that records them, so their master writes commit with their
 * record, or not at all.
 */
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

  /**
   * Runs a read that is one statement: in the caller's transaction (or the thread's span) when one
   * is active, else on a connection in autocommit, so the read costs the master one statement, not
   * a transaction's three.
   *
   * <p>By default it runs in a transaction, as {@link #inTransaction} does.
   *
   * @throws JobException {@link JobError#JOB_STORE_FAILED} on an SQLException
   */
  default <T> T read(Work<T> work) {
    return inTransaction(work);
  }

  /**
   * Begins a span on this thread: {@link #inTransaction} on it joins the span's transaction until
   * {@link Span#commit} or {@link Span#rollback}.
   *
   * @throws JobException {@link JobError#JOB_STORE_FAILED} when no transaction can be begun
   * @throws IllegalStateException when a transaction (a span) is active on the thread already
   */
  Span begin();

  /** A transaction left open across a kind's code; ended once, by commit or rollback. */
  interface Span {

    /**
     * Commits the span's transaction.
     *
     * @throws JobException {@link JobError#JOB_STORE_FAILED} when it could not commit (it is rolled
     *     back)
     */
    void commit();

    /** Rolls the span's transaction back (quietly: a connection already lost rolled it back). */
    void rollback();
  }

  /**
   * Each call a transaction of its own on a connection of {@code dataSource}, or the thread's
   * {@link #begin span}. (Only the engine's statements join a span here: a kind's own writes on
   * other connections commit on their own, as without one.)
   */
  static JobTransactions plain(DataSource dataSource) {
    ThreadLocal<Connection> spans = new ThreadLocal<>();
    return new JobTransactions() {
      @Override
      public <T> T inTransaction(Work<T> work) {
        Connection span = spans.get();
        if (span != null) {
          try {
            return work.run(span);
          } catch (SQLException e) {
            throw storeFailed(e);
          }
        }
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

      @Override
      public <T> T read(Work<T> work) {
        if (spans.get() != null) {
          return inTransaction(work);
        }
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(true);
          return work.run(connection);
        } catch (SQLException e) {
          throw storeFailed(e);
        }
      }

      @Override
      public Span begin() {
        if (spans.get() != null) {
          throw new IllegalStateException("A span is open on this thread already");
        }
        Connection connection;
        try {
          connection = dataSource.getConnection();
          connection.setAutoCommit(false);
        } catch (SQLException e) {
          throw storeFailed(e);
        }
        spans.set(connection);
        return new Span() {
          @Override
          public void commit() {
            end(true);
          }

          @Override
          public void rollback() {
            try {
              end(false);
            } catch (JobException lost) {
              // the connection is gone: the server rolled the transaction back
            }
          }

          private void end(boolean commit) {
            spans.remove();
            try (connection) {
              if (commit) {
                connection.commit();
              } else {
                connection.rollback();
              }
            } catch (SQLException e) {
              throw storeFailed(e);
            }
          }
        };
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
