package io.storeplane.provisioning.connect;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A resolver over an in-test map, counting how often the "master database" is asked. */
final class MapRouteResolver implements RouteResolver {

  private final Map<UUID, StoreRoute> stores = new ConcurrentHashMap<>();
  final AtomicInteger resolves = new AtomicInteger();
  final AtomicInteger stampChecks = new AtomicInteger();

  MapRouteResolver put(StoreRoute store) {
    stores.put(store.storeId(), store);
    return this;
  }

  @Override
  public Optional<StoreRoute> resolve(UUID storeId) {
    resolves.incrementAndGet();
    return Optional.ofNullable(stores.get(storeId));
  }

  @Override
  public Map<UUID, RouteStamp> stamps(Collection<UUID> storeIds) {
    stampChecks.incrementAndGet();
    Map<UUID, RouteStamp> stamps = new HashMap<>();
    for (UUID id : storeIds) {
      StoreRoute store = stores.get(id);
      if (store != null) {
        stamps.put(id, store.stamp());
      }
    }
    return stamps;
  }
}
