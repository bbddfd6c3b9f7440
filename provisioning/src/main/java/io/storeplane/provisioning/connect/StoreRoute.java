package io.storeplane.provisioning.connect;

import java.util.Objects;
import java.util.UUID;

/**
 * Everything the {@link ConnectionManager} needs to reach one store, as a {@link RouteResolver}
 * read it: the route it caches.
 *
 * @param storeId the store
 * @param slug the store's slug; its pool is named {@code store-<slug>}
 * @param access how to reach its data, or why not
 * @param stamp what the route was built from, for the version check
 */
public record StoreRoute(UUID storeId, String slug, RouteAccess access, RouteStamp stamp) {

  public StoreRoute {
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(stamp, "stamp");
  }

  /** The pool's name, {@code store-<slug>}, in every log line, metric and error about it. */
  public String poolName() {
    return "store-" + slug;
  }

  /** The plan's pool size. */
  public int poolSize() {
    return stamp.poolSize();
  }
}
