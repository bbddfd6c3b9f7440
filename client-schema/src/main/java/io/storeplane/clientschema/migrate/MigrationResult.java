package io.storeplane.clientschema.migrate;

import io.storeplane.clientschema.Dialect;

/**
 * What a migration run did.
 *
 * @param dialect the dialect migrated
 * @param fromVersion the schema version before the run (0: no Storeplane schema yet)
 * @param toVersion the schema version after the run
 * @param migrationsApplied how many migrations ran (0 when the database was already there)
 * @param baselined whether the run first wrote the version-0 baseline to a database that had no
 *     Storeplane history table yet
 */
public record MigrationResult(
    Dialect dialect, int fromVersion, int toVersion, int migrationsApplied, boolean baselined) {}
