package io.storeplane.master.server;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A database server the platform owns, on which new store databases can be placed. */
@Entity
@Table(name = "database_servers")
public class DatabaseServer {

  @Id public UUID id;

  public String name;

  @Enumerated(EnumType.STRING)
  public DatabaseEngine engine;

  public String host;

  public int port;

  @Column(name = "admin_username")
  public String adminUsername;

  /** Encrypted admin password; never plaintext, never returned. */
  @Column(name = "admin_password_ciphertext")
  public String adminPasswordCiphertext;

  @Column(name = "max_stores")
  public int maxStores;

  @Enumerated(EnumType.STRING)
  public ServerStatus status = ServerStatus.ACTIVE;

  @Column(name = "is_default")
  public boolean isDefault;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
