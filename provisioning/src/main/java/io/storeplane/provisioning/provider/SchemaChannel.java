package io.storeplane.provisioning.provider;

import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.jobs.StepOutcome;

/**
 * How the engine reaches a store's schema when JDBC to {@link DatabaseProvider#storeDatabase} is
 * not the way (a Supabase project, whose SQL goes through the Management API's run-SQL endpoint).
 * The engine uses it for the inspect, apply-schema and seed steps instead of JDBC; everything else
 * (step order, progress, retries, clean-up) is the same for every provider. Each method is
 * idempotent, like the steps.
 */
public interface SchemaChannel {

  /**
   * Looks for tables the schema needs that already exist in another shape, before any change.
   *
   * @throws io.storeplane.provisioning.ProvisioningException {@code SCHEMA_CLASH}
   */
  StepOutcome inspect();

  /** Applies every client schema version missing from the store's history. */
  Applied apply();

  /** Inserts the missing seed rows; returns how many were inserted. */
  int seed(SeedValues values);

  /**
   * What {@link #apply()} did.
   *
   * @param fromVersion the version before
   * @param toVersion the version after
   * @param migrationsApplied how many versions were applied now
   * @param tablesPresent manifest tables present afterwards
   */
  record Applied(int fromVersion, int toVersion, int migrationsApplied, int tablesPresent) {}
}
