package io.storeplane.provisioning.connect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Statements on one borrowed connection (inside {@link StoreJdbc#inTransaction(SqlWork)}).
 * Parameters are bound in order; {@link java.util.UUID} and {@link java.time.Instant} are bound the
 * way the store's dialect stores them. Every statement gets the pool's query timeout.
 */
public interface SqlSession {

  /** Runs a query; each row maps column labels to the driver's values. */
  List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException;

  /** Runs an INSERT, UPDATE, DELETE or DDL statement; returns the update count. */
  int update(String sql, Object... parameters) throws SQLException;

  /** The borrowed connection itself, for what the two methods above do not cover. */
  Connection connection();
}
