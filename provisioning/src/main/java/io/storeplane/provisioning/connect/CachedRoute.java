package io.storeplane.provisioning.connect;

/**
 * A route as the {@link RouteCache} keeps it: the route the resolver read, a generation that orders
 * cached routes of the same store (newer ones replace the pools of older ones, never the reverse),
 * and the store's circuit breaker.
 */
record CachedRoute(StoreRoute route, long generation, CircuitBreaker breaker) {}
