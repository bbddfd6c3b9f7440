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

/**
 * One store's usage on one day (UTC); the database keeps one row per store and day. The API-call
 * columns are added to by every instance's meter flush (and its {@code latency_histogram}, written
 * with SQL by the meter, is not mapped here); the store-database columns are written whole by the
 * daily rollup. Migration V6 says which is which.
 */
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

  @Column(name = "client_errors")
  public long clientErrors;

  @Column(name = "server_errors")
  public long serverErrors;

  public int orders;

  public BigDecimal revenue = BigDecimal.ZERO;

  public int products;

  @Column(name = "products_created")
  public int productsCreated;

  @Column(name = "products_updated")
  public int productsUpdated;

  @Column(name = "products_deleted")
  public int productsDeleted;

  @Column(name = "storage_mb")
  public int storageMb;

  @Column(name = "storage_bytes")
  public long storageBytes;

  @Column(name = "bandwidth_mb")
  public long bandwidthMb;

  @Column(name = "db_connections_peak")
  public int dbConnectionsPeak;

  @Column(name = "rolled_up_at")
  public Instant rolledUpAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
