package io.storeplane.master.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One store's usage on one day (UTC); the database keeps one row per store and day. */
@Entity
@Table(name = "usage_metrics")
public class UsageMetric {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "store_id")
  public UUID storeId;

  @Column(name = "metric_date")
  public LocalDate metricDate;

  @Column(name = "api_calls")
  public long apiCalls;

  public int orders;

  public BigDecimal revenue = BigDecimal.ZERO;

  public int products;

  @Column(name = "storage_mb")
  public int storageMb;

  @Column(name = "bandwidth_mb")
  public long bandwidthMb;

  @Column(name = "db_connections_peak")
  public int dbConnectionsPeak;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
