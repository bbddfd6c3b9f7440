package io.storeplane.fleet.migrate;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Migrate one store to a client schema version.
 *
 * @param storeId the store
 * @param targetVersion the client schema version to reach
 * @param rolloutId the rollout that asks, recorded on the ledger's rows; empty when none does
 */
public record MigrationRequest(UUID storeId, int targetVersion, Optional<UUID> rolloutId) {

  public MigrationRequest {
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(rolloutId, "rolloutId");
  }

  /** A request outside any rollout. */
  public static MigrationRequest of(UUID storeId, int targetVersion) {
    return new MigrationRequest(storeId, targetVersion, Optional.empty());
  }
}
