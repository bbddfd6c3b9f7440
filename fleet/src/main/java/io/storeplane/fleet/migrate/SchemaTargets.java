package io.storeplane.fleet.migrate;

import java.util.UUID;

/** Finds how to reach a store's schema, from the master alone (no store connection). */
@FunctionalInterface
public interface SchemaTargets {

  /**
   * The store's schema target, its sessions bounded by {@code limits}.
   *
   * @throws io.storeplane.error.StoreplaneException when the store has no saved database connection
   */
  SchemaTarget of(UUID storeId, MigrationLimits limits);
}
