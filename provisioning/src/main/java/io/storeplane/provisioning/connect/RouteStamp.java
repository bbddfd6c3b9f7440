package io.storeplane.provisioning.connect;

import java.util.Objects;

/**
 * What a cached route was built from, cheap to read for many stores in one master query: when a
 * store's stamp in the master database differs from the cached one, the route is stale and its pool
 * is rebuilt on next use.
 *
 * @param configVersion the database integration config's {@code config_version} (0 when the store
 *     has none), bumped on every change of host, credentials or settings
 * @param poolSize the pool size the store's plan gives
 * @param state anything else that changes how the store is reached (store status, database status
 *     and type), as one opaque string
 */
public record RouteStamp(int configVersion, int poolSize, String state) {

  public RouteStamp {
    Objects.requireNonNull(state, "state");
  }
}
