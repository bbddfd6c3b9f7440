package io.storeplane.api.provisioning;

import io.storeplane.master.store.StoreConnection;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The platform creates the store's database on one of its managed servers.
 *
 * @param type {@code managed-postgresql} or {@code managed-mysql}
 */
public record ManagedDatabaseOption(String type) implements DatabaseOption {

  @Override
  public Optional<StoreConnection> connection() {
    return Optional.empty();
  }

  @Override
  public Optional<InetSocketAddress> endpoint() {
    return Optional.empty();
  }
}
