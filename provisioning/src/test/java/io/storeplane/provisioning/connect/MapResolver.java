package io.storeplane.provisioning.connect;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A resolver over an in-test map, counting how often the "master database" is asked. */
final class MapResolver implements StoreConnectionResolver {

  private final Map<UUID, ResolvedStore> stores = new ConcurrentHashMap<>();
  final AtomicInteger resolves = new AtomicInteger();
  final AtomicInteger stampChecks = new AtomicInteger();

  MapResolver put(ResolvedStore store) {
    stores.put(store.storeId(), store);
    return this;
  }

  @Override
  public Optional<ResolvedStore> resolve(UUID storeId) {
    resolves.incrementAndGet();
    return Optional.ofNullable(stores.get(storeId));
  }

  @Override
  public Map<UUID, StoreStamp> stamps(Collection<UUID> storeIds) {
    stampChecks.incrementAndGet();
    Map<UUID, StoreStamp> stamps = new HashMap<>();
    for (UUID id : storeIds) {
      ResolvedStore store = stores.get(id);
      if (store != null) {
        stamps.put(id, store.stamp());
      }
    }
    return stamps;
  }
}
