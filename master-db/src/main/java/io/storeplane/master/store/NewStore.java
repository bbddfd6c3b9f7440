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

  /** What a slug looks like (the master's {@code stores.slug} check says the same). */
  public static final String SLUG = "[a-z0-9][a-z0-9-]{1,61}[a-z0-9]";

  /** {@link #SLUG} in words, for a message. */
  public static final String SLUG_RULE =
      "must be 3-63 lowercase letters, digits or dashes, starting and ending with a letter or digit";

  public NewStore {
    if (connection.isPresent() && (databaseType.isEmpty() || databaseType.get().managed())) {
      throw new IllegalArgumentException("A connection goes with an existing database type only");
    }
  }
}
