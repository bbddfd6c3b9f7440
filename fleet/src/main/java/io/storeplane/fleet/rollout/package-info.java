/**
 * Rollouts (docs/fleet.md, "Rollouts"): a selection of stores moved to a client schema version, a
 * canary first, then waves of growing size, each with its own parallelism. The rollout's state is
 * in the master ({@link io.storeplane.fleet.rollout.RolloutRecords}); jobs of kind {@code
 * fleet.rollout} ({@link io.storeplane.fleet.rollout.RolloutKind}) claim its stores one at a time
 * and migrate each with {@link io.storeplane.fleet.migrate.StoreSchemaMigration}, so a rollout
 * resumes after a restart and several instances share one without migrating a store twice.
 */
package io.storeplane.fleet.rollout;
