package io.storeplane.jobs.runtime;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.storeplane.jobs.JobTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The engine's transactions in the application: it joins the caller's JTA transaction (so a
 * service's own writes and the kind's end hook commit with the engine's) or starts one, on the
 * master's datasource (inside a transaction the pool hands out the connection enlisted in it, the
 * one Hibernate uses too).
 */
final class JtaJobTransactions implements JobTransactions {

  private final DataSource master;

  JtaJobTransactions(DataSource master) {
    this.master = master;
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
}
