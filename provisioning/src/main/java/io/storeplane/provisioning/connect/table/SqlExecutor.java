package io.storeplane.provisioning.connect.table;

/**
 * Runs work on a connection of one store and turns SQL failures into {@link
 * io.storeplane.provisioning.ProvisioningException}s (the store's handle does this, with its pool,
 * budget and circuit breaker).
 */
public interface SqlExecutor {

  /** Borrows a connection, runs {@code work}, returns the connection. */
  <T> T execute(ConnectionWork<T> work);

  /** The statement timeout to set on every statement, in seconds. */
  int queryTimeoutSeconds();
}
