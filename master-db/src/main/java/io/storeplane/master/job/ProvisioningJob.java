package io.storeplane.master.job;

import io.storeplane.master.store.DatabaseType;
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
 * A durable request to make a store's database ready. The rows are the work queue: workers claim
 * them with {@code FOR UPDATE SKIP LOCKED} and hold a lease ({@link #leaseOwner}, {@link
 * #leaseExpiresAt}) while they work. Parameters hold no secrets.
 */
@Entity
@Table(name = "provisioning_jobs")
public class ProvisioningJob {

  @Id public UUID id;

  @Column(name = "store_id")
  public UUID storeId;

  @Enumerated(EnumType.STRING)
  @Column(name = "database_type")
  public DatabaseType databaseType;

  @Enumerated(EnumType.STRING)
  public JobStatus status;

  /** The name of the step now running or last run. */
  @Column(name = "current_step")
  public String currentStep;

  public int progress;

  public String message;

  @Column(name = "tables_created")
  public int tablesCreated;

  @Column(name = "total_tables")
  public int totalTables;

  public int attempt;

  @Column(name = "max_attempts")
  public int maxAttempts;

  /** Not before this time: backoff after a transient failure. */
  @Column(name = "run_after")
  public Instant runAfter;

  @Column(name = "lease_owner")
  public String leaseOwner;

  @Column(name = "lease_expires_at")
  public Instant leaseExpiresAt;

  @Column(name = "cancel_requested")
  public boolean cancelRequested;

  @Column(name = "idempotency_key")
  public String idempotencyKey;

  @JdbcTypeCode(SqlTypes.JSON)
  public Map<String, Object> parameters = new HashMap<>();

  @Column(name = "error_code")
  public String errorCode;

  @Column(name = "error_message")
  public String errorMessage;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
