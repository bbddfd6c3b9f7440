package io.storeplane.master.integration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * How to reach one of a store's external systems. Non-secret settings are plain JSON; secrets are
 * one AES-256-GCM ciphertext bound to this row's id, decrypted only in memory when needed.
 */
@Entity
@Table(name = "integration_configs")
public class IntegrationConfig {

  @Id public UUID id;

  @Column(name = "store_id")
  public UUID storeId;

  @Enumerated(EnumType.STRING)
  public IntegrationKind kind;

  /** e.g. {@code postgresql}, {@code mysql}, {@code supabase}. */
  public String provider;

  /** Non-secret settings only. */
  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> settings = new HashMap<>();

  @Column(name = "secret_ciphertext")
  public String secretCiphertext;

  /** Bumped on every change, so connection pools built from the old version are rebuilt. */
  @Column(name = "config_version")
  public int configVersion = 1;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
