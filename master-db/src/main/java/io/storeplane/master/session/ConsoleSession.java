package io.storeplane.master.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A signed-in console session: the SHA-256 hash of its random id (the id itself lives only in the
 * browser's cookie) and the API token it was opened with.
 */
@Entity
@Table(name = "console_sessions")
public class ConsoleSession {

  @Id
  @Column(name = "id_hash")
  public String idHash;

  @Column(name = "token_id")
  public UUID tokenId;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "last_seen_at")
  public Instant lastSeenAt;
}
