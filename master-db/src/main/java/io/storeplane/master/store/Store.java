package io.storeplane.master.store;

import io.storeplane.master.subscription.SubscriptionStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * A tenant: one store with its own database. Its state (status, suspension reasons, database
 * status, type and location, subscription status, trial, deletion) is read here by anyone and
 * assigned only by {@link StoreLifecycle}; {@code StoreStateOwnerTest} checks it.
 */
@Entity
@Table(name = "stores")
public class Store {

  @Id public UUID id;

  public String name;

  public String slug;

  @Enumerated(EnumType.STRING)
  public StoreStatus status;

  @Column(name = "plan_code")
  public String planCode;

  @Enumerated(EnumType.STRING)
  @Column(name = "subscription_status")
  public SubscriptionStatus subscriptionStatus;

  @Column(name = "trial_started_at")
  public Instant trialStartedAt;

  @Column(name = "trial_ends_at")
  public Instant trialEndsAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "database_type")
  public DatabaseType databaseType;

  @Enumerated(EnumType.STRING)
  @Column(name = "database_status")
  public DatabaseStatus databaseStatus = DatabaseStatus.NONE;

  @Column(name = "database_server_id")
  public UUID databaseServerId;

  @Column(name = "database_host")
  public String databaseHost;

  @Column(name = "database_port")
  public Integer databasePort;

  @Column(name = "database_name")
  public String databaseName;

  @Enumerated(EnumType.STRING)
  @Column(name = "storage_type")
  public StorageType storageType = StorageType.NONE;

  @Enumerated(EnumType.STRING)
  @Column(name = "storage_status")
  public StorageStatus storageStatus = StorageStatus.NONE;

  /*
   * The counters below are written by the usage rollup only (billing's UsageRollupWriter, in SQL):
   * an entity loaded before a rollup and saved after it must never write its older values back.
   */

  @Column(name = "product_count", insertable = false, updatable = false)
  public int productCount;

  @Column(name = "order_count", insertable = false, updatable = false)
  public int orderCount;

  @Column(name = "storage_used_mb", insertable = false, updatable = false)
  public int storageUsedMb;

  @Column(name = "is_active")
  public boolean active = true;

  /** Why the store is suspended; empty while it is not. */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "store_suspensions", joinColumns = @JoinColumn(name = "store_id"))
  @Column(name = "reason")
  @Enumerated(EnumType.STRING)
  public Set<SuspensionReason> suspensionReasons = EnumSet.noneOf(SuspensionReason.class);

  @Column(name = "is_published")
  public boolean published;

  /**
   * The latest store request the metering flushes saw; written by them only (billing's {@code
   * UsageFlusher}, in SQL), so an entity saved with an older value never moves it back.
   */
  @Column(name = "last_activity_at", insertable = false, updatable = false)
  public Instant lastActivityAt;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "deleted_at")
  public Instant deletedAt;

  @Version public long version;
}
