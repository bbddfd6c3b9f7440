package io.storeplane.provisioning.connect;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Store id to route, in memory. A miss asks the resolver (the master database); a hit is one map
 * read. Routes leave the cache when this instance changes a store ({@link #invalidate(UUID)}) or
 * when the version check finds another instance changed it ({@link #checkStamps()}).
 */
final class RouteCache {

  private static final Logger LOG = Logger.getLogger(RouteCache.class);

  private final RouteResolver resolver;
  private final PoolSettings settings;
  private final Clock clock;
  private final BiConsumer<String, BreakerState> onBreakerTransition;
  private final Map<UUID, CachedRoute> routes = new ConcurrentHashMap<>();

  /**
   * Breakers outlive routes: dropping a route whose stamp turns out unchanged keeps the store's
   * failure history; a changed stamp (new host or credentials) starts it afresh.
   */
  private final Map<UUID, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private final AtomicLong generations = new AtomicLong();

  RouteCache(
      RouteResolver resolver,
      PoolSettings settings,
      Clock clock,
      BiConsumer<String, BreakerState> onBreakerTransition) {
    this.resolver = resolver;
    this.settings = settings;
    this.clock = clock;
    this.onBreakerTransition = onBreakerTransition;
  }

  /**
   * The store's route, resolved on a miss.
   *
   * @throws ProvisioningException {@link ProvisioningError#STORE_NOT_FOUND}
   */
  CachedRoute get(UUID storeId) {
    CachedRoute cached = routes.get(storeId);
    return cached != null ? cached : load(storeId);
  }

  /** The cached route, without resolving. */
  Optional<CachedRoute> cached(UUID storeId) {
    return Optional.ofNullable(routes.get(storeId));
  }

  void invalidate(UUID storeId) {
    routes.remove(storeId);
  }

  int size() {
    return routes.size();
  }

  List<CachedRoute> all() {
    return List.copyOf(routes.values());
  }

  /**
   * Compares every cached route with the master database in one resolver call and drops the ones
   * that changed or whose store is gone; they are resolved again on their next use.
   *
   * @return the stores whose routes were dropped
   */
  List<UUID> checkStamps() {
    if (routes.isEmpty()) {
      return List.of();
    }
    Map<UUID, RouteStamp> current = resolver.stamps(List.copyOf(routes.keySet()));
    List<UUID> dropped = new ArrayList<>();
    for (CachedRoute cached : routes.values()) {
      RouteStamp stamp = current.get(cached.route().storeId());
      if (!cached.route().stamp().equals(stamp)
          && routes.remove(cached.route().storeId(), cached)) {
        if (stamp == null) {
          breakers.remove(cached.route().storeId());
        }
        dropped.add(cached.route().storeId());
        LOG.debugf(
            "Route of %s changed elsewhere; it is resolved again", cached.route().poolName());
      }
    }
    return dropped;
  }

  private CachedRoute load(UUID storeId) {
    StoreRoute route =
        resolver
            .resolve(storeId)
            .orElseThrow(
                () ->
                    new ProvisioningException(
                        ProvisioningError.STORE_NOT_FOUND, "There is no store with this id."));
    return routes.compute(
        storeId,
        (id, previous) -> {
          if (previous != null && previous.route().stamp().equals(route.stamp())) {
            return previous;
          }
          return new CachedRoute(route, generations.incrementAndGet(), breaker(route));
        });
  }

  /** The store's breaker: kept while its stamp is unchanged, a new one when it changed. */
  private CircuitBreaker breaker(StoreRoute route) {
    return breakers.compute(
        route.storeId(),
        (id, existing) ->
            existing != null && existing.builtFor(route.stamp())
                ? existing
                : new CircuitBreaker(
                    route.poolName(),
                    route.stamp(),
                    settings.breakerFailureThreshold(),
                    settings.breakerCoolDown(),
                    clock,
                    onBreakerTransition));
  }
}
