package io.storeplane.master.subscription;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A store's subscription to a plan, with the price and limits it was sold at. */
@Entity
@Table(name = "subscriptions")
public class Subscription {

  @Id public UUID id;

  @Column(name = "store_id")
  public UUID storeId;

  @Column(name = "plan_code")
  public String planCode;

  @Enumerated(EnumType.STRING)
  public SubscriptionStatus status;

  @Enumerated(EnumType.STRING)
  @Column(name = "billing_cycle")
  public BillingCycle billingCycle;

  public BigDecimal price;

  public String currency;

  @Column(name = "max_products")
  public Integer maxProducts;

  @Column(name = "max_orders_per_month")
  public Integer maxOrdersPerMonth;

  @Column(name = "max_storage_mb")
  public Integer maxStorageMb;

  @Column(name = "max_api_calls_per_day")
  public Integer maxApiCallsPerDay;

  @Column(name = "current_period_start")
  public Instant currentPeriodStart;

  @Column(name = "current_period_end")
  public Instant currentPeriodEnd;

  @Column(name = "trial_ends_at")
  public Instant trialEndsAt;

  @Column(name = "canceled_at")
  public Instant canceledAt;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
