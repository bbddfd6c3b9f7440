/**
 * The warm pool: store databases with their logins made ready in advance on each managed server, at
 * the current client-schema version, so onboarding a managed store claims one ({@link
 * io.storeplane.provisioning.pool.WarmPool#claim}) instead of creating and migrating a database
 * while its client waits. The master records every entry ({@code warm_pool_entries}, {@link
 * io.storeplane.provisioning.pool.PoolEntries}); the refill is a job kind on the engine ({@link
 * io.storeplane.provisioning.pool.WarmPoolRefillKind}). Plain Java; the Quarkus glue is {@code
 * pool.runtime}.
 */
package io.storeplane.provisioning.pool;
