package io.storeplane.api.provisioning;

import io.storeplane.master.store.StoreConnection;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The platform creates the store's database on one of its managed servers.
 *
 * @param type {@code managed-postgresql} or {@code managed-mysql}
 */
@Schema(description = "A database the platform creates on one of its managed servers.")
public record ManagedDatabaseOption(
    @Schema(
            required = true,
            enumeration = {"managed-postgresql", "managed-mysql"},
            example = "managed-postgresql")
        String type)
    implements DatabaseOption {

  @Override
  public Optional<StoreConnection> connection() {
    return Optional.empty();
  }

  @Override
  public Optional<InetSocketAddress> endpoint() {
    return Optional.empty();
  }
}
