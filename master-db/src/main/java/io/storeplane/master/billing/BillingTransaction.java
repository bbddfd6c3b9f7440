package io.storeplane.master.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Money owed or moved for a store. The database refuses a second non-failed charge for the same
 * store and period, so two billing runs can never bill a period twice.
 */
@Entity
@Table(name = "billing_transactions")
public class BillingTransaction {

  @Id public UUID id;

  @Column(name = "store_id")
  public UUID storeId;

  @Column(name = "subscription_id")
  public UUID subscriptionId;

  @Enumerated(EnumType.STRING)
  public TransactionKind kind;

  @Enumerated(EnumType.STRING)
  public TransactionStatus status;

  public BigDecimal amount;

  public String currency;

  @Column(name = "period_start")
  public Instant periodStart;

  @Column(name = "period_end")
  public Instant periodEnd;

  public String description;

  @Column(name = "external_ref")
  public String externalRef;

  @Column(name = "idempotency_key")
  public String idempotencyKey;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
