package io.storeplane.provisioning.connect;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Maps a store to how it is reached. The application's implementation reads the master database
 * (store, plan, integration config, decrypting the secrets in memory); tests use a map. The {@link
 * ConnectionManager} caches what it returns, so neither method is on a query's hot path.
 */
public interface RouteResolver {

  /**
   * The store's route, or empty when no store has that id. Failures the store itself explains
   * (suspended, not connected) are a {@link RouteAccess.Refused} route, not an exception.
   */
  Optional<StoreRoute> resolve(UUID storeId);

  /**
   * The current stamps of the given stores in one round trip: the version check compares them with
   * the cached routes. A store missing from the answer no longer exists.
   */
  Map<UUID, RouteStamp> stamps(Collection<UUID> storeIds);
}
