package io.storeplane.bench;

import io.storeplane.provisioning.connect.ResolvedStore;
import io.storeplane.provisioning.connect.StoreAccess;
import io.storeplane.provisioning.connect.StoreConnectionResolver;
import io.storeplane.provisioning.connect.StoreStamp;
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
final class StoreSet implements StoreConnectionResolver {

  private final Map<UUID, ResolvedStore> stores = new ConcurrentHashMap<>();
  private final List<ResolvedStore> ordered = new ArrayList<>();

  /** Adds one store per database, each with a pool of {@code poolSize}. */
  StoreSet add(BenchServers.Server server, List<String> databases, int poolSize) {
    for (String database : databases) {
      add(database.replace('_', '-'), new StoreAccess.Jdbc(server.target(database)), poolSize);
    }
    return this;
  }

  StoreSet add(String slug, StoreAccess access, int poolSize) {
    ResolvedStore store =
        new ResolvedStore(UUID.randomUUID(), slug, access, new StoreStamp(1, poolSize, "ACTIVE"));
    stores.put(store.storeId(), store);
    ordered.add(store);
    return this;
  }

  ResolvedStore get(int index) {
    return ordered.get(index);
  }

  UUID id(int index) {
    return ordered.get(index).storeId();
  }

  int size() {
    return ordered.size();
  }

  @Override
  public Optional<ResolvedStore> resolve(UUID storeId) {
    return Optional.ofNullable(stores.get(storeId));
  }

  @Override
  public Map<UUID, StoreStamp> stamps(Collection<UUID> storeIds) {
    Map<UUID, StoreStamp> stamps = new HashMap<>();
    storeIds.forEach(id -> stamps.put(id, stores.get(id).stamp()));
    return stamps;
  }
}
