/**
 * Managed database servers: the PostgreSQL and MySQL clusters the platform owns, where a store that
 * did not bring its own database is placed.
 *
 * <p>In the onboarding story an admin registers servers once ({@link
 * io.storeplane.provisioning.server.DatabaseServerService}, admin password sealed); when a job
 * creates a managed store's database, the managed provider asks for a placement (the active server
 * with the most room left, under a lock so concurrent jobs never overfill one) and runs the DDL
 * through the engine's {@link io.storeplane.provisioning.server.ServerAdmin} ({@link
 * io.storeplane.provisioning.server.PostgresServerAdmin}, {@link
 * io.storeplane.provisioning.server.MysqlServerAdmin}): a database and a login of its own, later
 * locked or dropped by suspension and purge. On PostgreSQL the fast path clones the database from a
 * template kept at the current client-schema version ({@link
 * io.storeplane.provisioning.server.TemplateDatabases}) instead of running every migration.
 *
 * <p>This package knows nothing of jobs: it is used by the providers and the api module's server
 * endpoints, and reads its settings from {@link io.storeplane.provisioning.ProvisioningConfig}.
 */
package io.storeplane.provisioning.server;
