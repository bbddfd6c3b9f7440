package io.storeplane.master.subscription;

import io.storeplane.master.plan.Plan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Opens and changes a store's subscription, copying the plan's price and limits into it. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SubscriptionService {

  private final SubscriptionRepository subscriptions;
  private final Clock clock;

  SubscriptionService(SubscriptionRepository subscriptions, Clock clock) {
    this.subscriptions = subscriptions;
    this.clock = clock;
  }

  /**
   * Opens the store's first subscription: monthly, trialing while the store's trial runs.
   *
   * @param trialEndsAt when the store's trial ends, or null without a trial
   */
  public Subscription open(UUID storeId, Plan plan, Instant trialEndsAt) {
    Instant now = clock.instant();
    Subscription subscription = new Subscription();
    subscription.id = UUID.randomUUID();
    subscription.storeId = storeId;
    subscription.planCode = plan.code;
    subscription.billingCycle = BillingCycle.MONTHLY;
    subscription.price = plan.monthlyPrice;
    subscription.currency = plan.currency;
    subscription.maxProducts = plan.maxProducts;
    subscription.maxOrdersPerMonth = plan.maxOrdersPerMonth;
    subscription.maxStorageMb = plan.maxStorageMb;
    subscription.maxApiCallsPerDay = plan.maxApiCallsPerDay;
    boolean trialing = trialEndsAt != null && trialEndsAt.isAfter(now);
    subscription.status = SubscriptionTransition.start(trialing).apply(null);
    subscription.trialEndsAt = trialing ? trialEndsAt : null;
    subscription.currentPeriodStart = now;
    subscription.currentPeriodEnd =
        trialing
            ? trialEndsAt
            : now.atOffset(ZoneOffset.UTC).plus(subscription.billingCycle.length()).toInstant();
    subscription.createdAt = now;
    subscription.updatedAt = now;
    subscriptions.persist(subscription);
    return subscription;
  }

  /**
   * Closes the open subscription and opens one on the new plan, keeping a running trial.
   *
   * @param trialEndsAt when the store's trial ends, or null without a trial
   */
  public Subscription changePlan(UUID storeId, Plan plan, Instant trialEndsAt) {
    Instant now = clock.instant();
    subscriptions
        .findOpen(storeId)
        .ifPresent(
            current -> {
              current.status = SubscriptionTransition.CANCEL.apply(current.status);
              current.canceledAt = now;
              current.updatedAt = now;
            });
    subscriptions.flush();
    return open(storeId, plan, trialEndsAt);
  }
}
