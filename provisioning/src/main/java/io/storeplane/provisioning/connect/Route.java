package io.storeplane.provisioning.connect;

/**
 * A cached route: the resolved store, a generation that orders routes of the same store (newer
 * routes replace the pools of older ones, never the reverse), and the store's circuit breaker.
 */
record Route(ResolvedStore store, long generation, CircuitBreaker breaker) {}
