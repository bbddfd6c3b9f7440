package io.storeplane.master.store;

/** Who may lift a suspension: each {@link SuspensionReason} names the lifters it accepts. */
public enum SuspensionLifter {
  /** A platform admin: {@code POST /api/v1/stores/{id}/resume}. */
  ADMIN,
  /** A settled payment (billing). A payment never lifts a suspension an admin imposed. */
  PAYMENT
}
