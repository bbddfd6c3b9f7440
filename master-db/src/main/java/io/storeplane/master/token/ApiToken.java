package io.storeplane.master.token;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An API token: either a platform user's (acting with the user's role) or bound to one store. Only
 * the SHA-256 hash of the token is stored; {@link #prefix} is its first characters, for telling
 * tokens apart in lists and logs.
 */
@Entity
@Table(name = "api_tokens")
public class ApiToken {

  @Id public UUID id;

  @Column(name = "token_hash")
  public String tokenHash;

  public String prefix;

  public String name;

  @Column(name = "user_id")
  public UUID userId;

  @Column(name = "store_id")
  public UUID storeId;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** Whether the token may be used at {@code now}. */
  public boolean usableAt(Instant now) {
    return usable(revokedAt, expiresAt, now);
  }

  /**
   * Whether a token revoked at {@code revokedAt} and expiring at {@code expiresAt} (either null:
   * never) may be used at {@code now}.
   */
  static boolean usable(Instant revokedAt, Instant expiresAt, Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
