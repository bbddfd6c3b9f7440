package io.storeplane.master.subscription;

/** Where a store's subscription stands; shared by stores and subscriptions. */
public enum SubscriptionStatus {
  TRIALING,
  ACTIVE,
  PAST_DUE,
  CANCELED
}
