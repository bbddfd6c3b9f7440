package io.storeplane.provisioning.connect;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the ConnectionManager knows about one store, without connecting and without secrets.
 *
 * @param storeId the store
 * @param poolName {@code store-<slug>}
 * @param routed whether the store's route is in the cache
 * @param configVersion the integration config version of the cached route
 * @param backend {@code postgresql}, {@code mysql}, {@code supabase}, or why the store is refused
 *     (an error code)
 * @param endpoint host, port and database of a JDBC store; the project's host of a Supabase store
 *     (no credentials, no key)
 * @param pool the open pool, if any (a Supabase store has none: it is served over HTTPS)
 * @param draining pools replaced after a config change that still finish calls
 * @param breaker the circuit breaker
 */
public record ConnectionStatus(
    UUID storeId,
    String poolName,
    boolean routed,
    int configVersion,
    String backend,
    Optional<String> endpoint,
    Optional<PoolStatus> pool,
    List<PoolStatus> draining,
    BreakerStatus breaker) {}
