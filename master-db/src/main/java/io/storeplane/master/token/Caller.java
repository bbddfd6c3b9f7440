package io.storeplane.master.token;

import io.storeplane.master.user.PlatformRole;
import java.util.Optional;
import java.util.UUID;

/**
 * Who presented a valid token: a platform user with a role, or a store app bound to one store.
 *
 * @param tokenId the token's id
 * @param tokenPrefix the token's visible prefix
 * @param userId the platform user, for user tokens
 * @param userEmail the user's e-mail, for user tokens
 * @param role the user's role, for user tokens
 * @param storeId the store, for store tokens
 */
public record Caller(
    UUID tokenId,
    String tokenPrefix,
    UUID userId,
    String userEmail,
    PlatformRole role,
    UUID storeId) {

  /** The store a store token is bound to; empty for a platform user. */
  public Optional<UUID> store() {
    return Optional.ofNullable(storeId);
  }

  /** A short, secret-free description for logs and the audit trail. */
  public String label() {
    return storeId != null ? "store:" + storeId : userEmail;
  }
}
