package io.storeplane.bench;

import io.storeplane.provisioning.connect.RouteAccess;
import io.storeplane.provisioning.connect.RouteResolver;
import io.storeplane.provisioning.connect.RouteStamp;
import io.storeplane.provisioning.connect.StoreRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench's stores and its resolver: routes held in memory, as the cache would hold them after
 * the first lookup (the bench measures the manager, not the master database).
 */
final class StoreSet implements RouteResolver {

  private final Map<UUID, StoreRoute> stores = new ConcurrentHashMap<>();
  private final List<StoreRoute> ordered = new ArrayList<>();

  /** Adds one store per database, each with a pool of {@code poolSize}. */
  StoreSet add(BenchServers.Server server, List<String> databases, int poolSize) {
    for (String database : databases) {
      add(database.replace('_', '-'), new RouteAccess.Jdbc(server.target(database)), poolSize);
    }
    return this;
  }

  StoreSet add(String slug, RouteAccess access, int poolSize) {
    StoreRoute store =
        new StoreRoute(UUID.randomUUID(), slug, access, new RouteStamp(1, poolSize, "ACTIVE"));
    stores.put(store.storeId(), store);
    ordered.add(store);
    return this;
  }

  StoreRoute get(int index) {
    return ordered.get(index);
  }

  UUID id(int index) {
    return ordered.get(index).storeId();
  }

  int size() {
    return ordered.size();
  }

  @Override
  public Optional<StoreRoute> resolve(UUID storeId) {
    return Optional.ofNullable(stores.get(storeId));
  }

  @Override
  public Map<UUID, RouteStamp> stamps(Collection<UUID> storeIds) {
    Map<UUID, RouteStamp> stamps = new HashMap<>();
    storeIds.forEach(id -> stamps.put(id, stores.get(id).stamp()));
    return stamps;
  }
}
