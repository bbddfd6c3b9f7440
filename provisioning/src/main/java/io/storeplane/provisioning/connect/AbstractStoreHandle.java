package io.storeplane.provisioning.connect;

import java.util.UUID;

/**
 * What the handles of every backend share: the manager their calls go through, the route they were
 * taken from, and the page bound of their table API.
 */
abstract class AbstractStoreHandle implements StoreHandle {

  final ConnectionManager manager;
  final StoreRoute route;
  final int maxPageSize;

  AbstractStoreHandle(ConnectionManager manager, StoreRoute route, int maxPageSize) {
    this.manager = manager;
    this.route = route;
    this.maxPageSize = maxPageSize;
  }

  @Override
  public final UUID storeId() {
    return route.storeId();
  }

  @Override
  public final String poolName() {
    return route.poolName();
  }
}
