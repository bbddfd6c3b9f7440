/**
 * The provisioning job engine: how a new store's database becomes ready.
 *
 * <p>The onboarding story: an admin asks for a store's database ({@code POST /api/v1/provision} or
 * a create-store request with a database option); {@link io.storeplane.provisioning.job.JobService}
 * queues one job per store in the master database. Workers of any instance ({@link
 * io.storeplane.provisioning.job.JobEngine}) claim queued jobs with {@code FOR UPDATE SKIP LOCKED}
 * and hold a lease they renew ({@link io.storeplane.provisioning.job.JobRecords}); {@link
 * io.storeplane.provisioning.job.JobRunner} then runs the {@link
 * io.storeplane.provisioning.job.Step steps} in order (test connection, inspect existing tables,
 * create database, apply schema, seed, save connection, activate store), asking the store's
 * database provider (package {@code provider}) to do each one and recording progress as it goes.
 * Every step is idempotent, so a job whose worker died is claimed again when its lease expires and
 * ends the same; {@link io.storeplane.provisioning.job.RetryPolicy} retries transient failures
 * only. {@link io.storeplane.provisioning.job.DeprovisionService} is the way back out: suspend and
 * purge.
 *
 * <p>The engine and the runner are framework-free: time comes from a {@link java.time.Clock},
 * settings from {@link io.storeplane.provisioning.ProvisioningConfig}, and the api module's
 * scheduler drives the workers; the services around them are CDI beans in transactions.
 */
package io.storeplane.provisioning.job;
