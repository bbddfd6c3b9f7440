package io.storeplane.jobs.runtime;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.storeplane.jobs.JobError;
import io.storeplane.jobs.JobException;
import io.storeplane.jobs.JobTransactions;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The engine's transactions in the application: it joins the caller's JTA transaction (so a
 * service's own writes and the kind's end hook commit with the engine's) or starts one, on the
 * master's datasource (inside a transaction the pool hands out the connection enlisted in it, the
 * one Hibernate uses too). A span is a JTA transaction begun on the worker's thread through the
 * transaction manager (thread-bound: a worker has no request context, which {@code
 * QuarkusTransaction.begin} needs): the services a step recorded after calls
 * ({@code @Transactional}) join it, so their writes commit with the write that records the step.
 */
final class JtaJobTransactions implements JobTransactions {

  private final DataSource master;
  private final TransactionManager transactions;

  JtaJobTransactions(DataSource master, TransactionManager transactions) {
    this.master = master;
    this.transactions = transactions;
  }

  @Override
  public <T> T inTransaction(Work<T> work) {
    return QuarkusTransaction.joiningExisting()
        .call(
            () -> {
              try (Connection connection = master.getConnection()) {
                return work.run(connection);
              } catch (SQLException e) {
                throw JobTransactions.storeFailed(e);
              }
            });
  }

  @Override
  public <T> T read(Work<T> work) {
    try {
      if (transactions.getTransaction() != null) {
        return inTransaction(work);
      }
    } catch (SystemException e) {
      throw new JobException(
          JobError.JOB_STORE_FAILED,
          "The job engine could not tell whether a transaction is active: " + e.getMessage(),
          e);
    }
    // outside a transaction the pool hands out a connection in autocommit
    try (Connection connection = master.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw JobTransactions.storeFailed(e);
    }
  }

  @Override
  public Span begin() {
    try {
      if (transactions.getTransaction() != null) {
        // a worker's thread carries none: one left here would swallow every later write
        throw new IllegalStateException(
            "A transaction is active on this thread already; a span begins on a worker's own");
      }
      transactions.begin();
    } catch (SystemException | NotSupportedException e) {
      throw failed("begin", e);
    }
    return new Span() {
      @Override
      public void commit() {
        try {
          transactions.commit();
        } catch (RollbackException
            | HeuristicMixedException
            | HeuristicRollbackException
            | SystemException
            | RuntimeException e) {
          throw failed("commit", e);
        }
      }

      @Override
      public void rollback() {
        try {
          transactions.rollback();
        } catch (SystemException | RuntimeException e) {
          // nothing left to roll back on this thread
        }
      }
    };
  }

  private static JobException failed(String what, Exception e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return new JobException(
        JobError.JOB_STORE_FAILED,
        "The master database could not %s the job's transaction: %s"
            .formatted(what, cause.getMessage()),
        e);
  }
}
