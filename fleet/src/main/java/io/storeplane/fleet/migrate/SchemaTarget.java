package io.storeplane.fleet.migrate;

import io.storeplane.clientschema.Dialect;

/**
 * One store's schema as a migration reaches it: JDBC with the client schema's migrator, or a
 * Supabase project's SQL channel. Obtaining one opens nothing; its methods connect, with the {@link
 * MigrationLimits} applied to every session, and may keep sessions open until it is closed.
 */
public interface SchemaTarget extends AutoCloseable {

  /** The store's dialect (its migrations' checksums are this dialect's). */
  Dialect dialect();

  /** The version the store's own history records as applied (0: no Storeplane schema). */
  int installedVersion();

  /**
   * Applies every version up to {@code version}, one transaction per version where DDL has them.
   */
  void migrateTo(int version);

  /** Ends the sessions the target kept open between its calls (none by default). */
  @Override
  default void close() {}
}
