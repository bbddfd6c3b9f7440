package io.storeplane.master.billing;

/** What a billing transaction records. */
public enum TransactionKind {
  /** The subscription price for a period. */
  CHARGE,
  /** Money returned. */
  REFUND,
  /** A balance given to the store. */
  CREDIT,
  /** Metered usage over the plan for a period. */
  USAGE
}
