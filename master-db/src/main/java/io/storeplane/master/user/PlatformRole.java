package io.storeplane.master.user;

/** What a platform user may do; see docs/security.md for the full table. */
public enum PlatformRole {
  /** Everything. */
  PLATFORM_ADMIN,
  /** Provisioning, rollouts, reading billing. */
  OPERATOR,
  /** Billing and usage only. */
  BILLING,
  /** Read-only. */
  VIEWER
}
