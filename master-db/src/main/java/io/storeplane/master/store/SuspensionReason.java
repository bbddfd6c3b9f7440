package io.storeplane.master.store;

import io.storeplane.master.MasterError;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Why a store is suspended. A store carries every reason that applies to it; a reason is lifted
 * only by one of its lifters, and the store is served again once no reason is left. For each reason
 * the lifecycle says what is refused and with which problem, whether the store's database logins
 * are disabled, and who may lift it. A new reason (billing's non-payment) is one more constant
 * here.
 */
public enum SuspensionReason {
  /**
   * An admin suspended the store ({@code POST /api/v1/stores/{id}/suspend}): the store's status is
   * {@code SUSPENDED}, its token and its data are refused; its database and login are untouched.
   */
  ADMIN(true, Optional.of(MasterError.STORE_SUSPENDED), false, EnumSet.of(SuspensionLifter.ADMIN)),

  /**
   * The store's database was suspended by deprovisioning ({@code POST
   * /api/v1/stores/{id}/deprovision {"action":"suspend"}}): a managed database's login is locked,
   * an existing database or Supabase project is disconnected; the store's status stays {@code
   * ACTIVE} and its database status is {@code SUSPENDED}. Its token still reaches the store's own
   * endpoints; its data is refused.
   */
  DATABASE_DEPROVISIONED(false, Optional.empty(), true, EnumSet.of(SuspensionLifter.ADMIN));

  private final boolean suspendsStore;
  private final Optional<MasterError> storeCallsRefusal;
  private final boolean disablesDatabaseLogins;
  private final Set<SuspensionLifter> liftedBy;

  SuspensionReason(
      boolean suspendsStore,
      Optional<MasterError> storeCallsRefusal,
      boolean disablesDatabaseLogins,
      Set<SuspensionLifter> liftedBy) {
    this.suspendsStore = suspendsStore;
    this.storeCallsRefusal = storeCallsRefusal;
    this.disablesDatabaseLogins = disablesDatabaseLogins;
    this.liftedBy = liftedBy;
  }

  /** Whether the store's own status becomes {@code SUSPENDED} (else only its database is). */
  public boolean suspendsStore() {
    return suspendsStore;
  }

  /**
   * The problem a store token's call is refused with (its kind gives the HTTP status); empty when
   * the store's token keeps working.
   */
  public Optional<MasterError> storeCallsRefusal() {
    return storeCallsRefusal;
  }

  /**
   * The problem a call for the store's data (the ConnectionManager, {@code /data}) is refused with:
   * {@code store-database-suspended} (409) for every reason.
   */
  public MasterError dataCallsRefusal() {
    return MasterError.STORE_DATABASE_SUSPENDED;
  }

  /**
   * Whether the store's database logins are disabled while this reason holds (managed: the login is
   * locked; existing and Supabase: the platform does not connect). The store's database status is
   * {@code SUSPENDED} exactly while such a reason holds.
   */
  public boolean disablesDatabaseLogins() {
    return disablesDatabaseLogins;
  }

  /** Who may lift it. */
  public Set<SuspensionLifter> liftedBy() {
    return liftedBy;
  }

  public boolean liftableBy(SuspensionLifter lifter) {
    return liftedBy.contains(lifter);
  }
}
