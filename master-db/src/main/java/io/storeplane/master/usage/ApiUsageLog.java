package io.storeplane.master.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One API call, for per-store usage and rate analysis. Holds a token's prefix, never a token. */
@Entity
@Table(name = "api_usage_logs")
public class ApiUsageLog {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "store_id")
  public UUID storeId;

  @Column(name = "token_prefix")
  public String tokenPrefix;

  public String method;

  public String path;

  @Column(name = "status_code")
  public short statusCode;

  @Column(name = "duration_ms")
  public int durationMs;

  @Column(name = "request_id")
  public String requestId;

  @Column(name = "occurred_at")
  public Instant occurredAt;
}
