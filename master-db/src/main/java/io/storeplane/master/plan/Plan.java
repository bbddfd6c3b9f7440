package io.storeplane.master.plan;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A subscription plan with its prices and limits; {@code null} limits mean unlimited. */
@Entity
@Table(name = "plans")
public class Plan {

  @Id public String code;

  public String name;

  @Column(name = "monthly_price")
  public BigDecimal monthlyPrice;

  @Column(name = "yearly_price")
  public BigDecimal yearlyPrice;

  public String currency;

  @Column(name = "trial_days")
  public int trialDays;

  @Column(name = "max_products")
  public Integer maxProducts;

  @Column(name = "max_orders_per_month")
  public Integer maxOrdersPerMonth;

  @Column(name = "max_storage_mb")
  public Integer maxStorageMb;

  @Column(name = "max_api_calls_per_day")
  public Integer maxApiCallsPerDay;

  /** Whether passing {@link #maxProducts} is refused or billed as overage. */
  @Enumerated(EnumType.STRING)
  @Column(name = "products_limit")
  public LimitMode productsLimit = LimitMode.HARD;

  /** Whether passing {@link #maxOrdersPerMonth} is refused or billed as overage. */
  @Enumerated(EnumType.STRING)
  @Column(name = "orders_limit")
  public LimitMode ordersLimit = LimitMode.HARD;

  /** Whether passing {@link #maxStorageMb} is refused or billed as overage. */
  @Enumerated(EnumType.STRING)
  @Column(name = "storage_limit")
  public LimitMode storageLimit = LimitMode.HARD;

  /** Whether passing {@link #maxApiCallsPerDay} is refused or billed as overage. */
  @Enumerated(EnumType.STRING)
  @Column(name = "api_calls_limit")
  public LimitMode apiCallsLimit = LimitMode.HARD;

  /** Maximum open connections of one store's pool on this plan. */
  @Column(name = "pool_size")
  public int poolSize;

  @Column(name = "is_active")
  public boolean active;

  @Column(name = "sort_order")
  public int sortOrder;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
