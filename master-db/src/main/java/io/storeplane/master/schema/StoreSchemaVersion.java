package io.storeplane.master.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the schema-version ledger: how one client schema version stands in one store's
 * database (master V10, {@code store_schema_versions}). Written only by {@link SchemaLedger}.
 */
@Entity
@Table(name = "store_schema_versions")
@IdClass(StoreSchemaVersion.Key.class)
public class StoreSchemaVersion {

  @Id
  @Column(name = "store_id")
  public UUID storeId;

  @Id public int version;

  @Enumerated(EnumType.STRING)
  public SchemaVersionState state;

  @Enumerated(EnumType.STRING)
  public SchemaPath path;

  public int attempts;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Column(name = "duration_ms")
  public Long durationMs;

  /** Flyway's checksum of the version's migration script in the store's dialect. */
  public Integer checksum;

  @Column(name = "error_code")
  public String errorCode;

  @Column(name = "error_message")
  public String errorMessage;

  @Column(name = "rollout_id")
  public UUID rolloutId;

  @Column(name = "updated_at")
  public Instant updatedAt;

  /** The primary key: store and version. */
  public static class Key implements Serializable {
    public UUID storeId;
    public int version;

    public Key() {}

    public Key(UUID storeId, int version) {
      this.storeId = storeId;
      this.version = version;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && version == key.version
          && Objects.equals(storeId, key.storeId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(storeId, version);
    }
  }
}
