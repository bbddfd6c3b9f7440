package io.storeplane.master.subscription;

import java.time.Period;

/** How often a subscription is billed. */
public enum BillingCycle {
  MONTHLY(Period.ofMonths(1)),
  YEARLY(Period.ofYears(1));

  private final Period length;

  BillingCycle(Period length) {
    this.length = length;
  }

  public Period length() {
    return length;
  }
}
