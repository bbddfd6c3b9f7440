package io.storeplane.provisioning.pool;

/**
 * One server's pool as the API and the metrics show it.
 *
 * @param ready entries claimable now (READY at the current client-schema version)
 * @param target how many the refill keeps ready ({@code storeplane.provisioning.warm-pool.size}; 0
 *     on a server that takes no new store, or when the pool is off)
 */
public record PoolLevel(long ready, int target) {}
