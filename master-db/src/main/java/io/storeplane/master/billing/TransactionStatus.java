package io.storeplane.master.billing;

/** Where a billing transaction stands with the payment provider. */
public enum TransactionStatus {
  PENDING,
  SUCCEEDED,
  FAILED,
  REFUNDED
}
