package io.storeplane.provisioning.connect;

import java.util.UUID;

/**
 * What the handles of every backend share: the manager their calls go through, the route they were
 * taken from, and the page bound of their table API.
 */
abstract class RoutedStoreHandle implements StoreHandle {

  final ConnectionManager manager;
  final ResolvedStore store;
  final int maxPageSize;

  RoutedStoreHandle(ConnectionManager manager, ResolvedStore store, int maxPageSize) {
    this.manager = manager;
    this.store = store;
    this.maxPageSize = maxPageSize;
  }

  @Override
  public final UUID storeId() {
    return store.storeId();
  }

  @Override
  public final String poolName() {
    return store.poolName();
  }
}
