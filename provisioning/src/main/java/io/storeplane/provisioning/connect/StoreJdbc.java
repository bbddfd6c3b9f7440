package io.storeplane.provisioning.connect;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * SQL access to a PostgreSQL or MySQL store. The methods turn SQL failures into {@link
 * io.storeplane.provisioning.ProvisioningException}s ({@code constraint-violation}, {@code
 * store-query-timeout}, {@code store-database-unavailable}, ...) and report database failures to
 * the store's circuit breaker.
 */
public interface StoreJdbc {

  /**
   * A {@code DataSource} whose connections come from the store's current pool. Close every
   * connection promptly: an open one keeps its pool from being evicted or replaced. Connection
   * failures count for the circuit breaker; statements on raw connections are not seen by it.
   */
  DataSource dataSource();

  /** Runs one query on a borrowed connection. */
  List<Map<String, Object>> query(String sql, Object... parameters);

  /** Runs one update statement on a borrowed connection; returns the update count. */
  int update(String sql, Object... parameters);

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  <T> T inTransaction(SqlWork<T> work);
}
