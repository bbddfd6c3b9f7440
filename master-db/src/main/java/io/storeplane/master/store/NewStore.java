package io.storeplane.master.store;

import java.util.Optional;

/**
 * What it takes to register a store.
 *
 * @param name display name
 * @param slug unique URL-safe handle, already validated by the caller's constraints and checked
 *     again by the database
 * @param planCode an offered plan
 * @param databaseType how the store gets its database, when chosen at creation
 * @param connection for an existing database, how to reach it
 */
public record NewStore(
    String name,
    String slug,
    String planCode,
    Optional<DatabaseType> databaseType,
    Optional<StoreConnection> connection) {

  public NewStore {
    if (connection.isPresent() && (databaseType.isEmpty() || databaseType.get().managed())) {
      throw new IllegalArgumentException("A connection goes with an existing database type only");
    }
  }
}
