package io.storeplane.fleet.migrate;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What one store's migration did.
 *
 * @param storeId the store
 * @param outcome how it ended
 * @param fromVersion the store's version before (as the ledger knew it, or its history showed)
 * @param toVersion the store's version after
 * @param versionsApplied how many versions were applied now
 * @param errorCode the failure's stable code ({@code store-schema-busy} when busy, e.g. {@code
 *     schema-lock-timeout} or {@code migration-failed} when failed); empty otherwise
 * @param message what happened, for logs and the rollout's per-store state (no secrets)
 * @param retryable whether trying again later may succeed (busy, a lock or statement timeout, a
 *     store database that did not answer)
 * @param took how long the call took
 */
public record MigrationResult(
    UUID storeId,
    MigrationOutcome outcome,
    int fromVersion,
    int toVersion,
    int versionsApplied,
    Optional<String> errorCode,
    String message,
    boolean retryable,
    Duration took) {}
