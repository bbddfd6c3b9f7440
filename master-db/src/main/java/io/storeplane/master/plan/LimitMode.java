package io.storeplane.master.plan;

/** What passing one of a plan's limits does. */
public enum LimitMode {
  /** The write or call that would pass the limit is refused. */
  HARD,
  /** It is allowed, and what passes the limit is billed as overage. */
  SOFT
}
