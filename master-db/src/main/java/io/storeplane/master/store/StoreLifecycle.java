package io.storeplane.master.store;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.plan.Plan;
import io.storeplane.master.subscription.Subscription;
import io.storeplane.master.subscription.SubscriptionTransition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one owner of a store's state: its status, suspension reasons, database status, type and
 * location, subscription status, trial and deletion. Every change goes through a {@link
 * StoreTransition} (refused with {@code store-transition-refused}, 409, when the table does not
 * allow it), is stamped with the time and fires {@link StoreChanged} in the caller's transaction.
 * Nothing else assigns these fields ({@code StoreStateOwnerTest}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class StoreLifecycle {

  private final StoreRepository stores;
  private final Event<StoreChanged> changed;
  private final Clock clock;

  StoreLifecycle(StoreRepository stores, Event<StoreChanged> changed, Clock clock) {
    this.stores = stores;
    this.changed = changed;
    this.clock = clock;
  }

  /**
   * Gives a new, not yet persisted store its first state: active, no database yet (or the chosen
   * type, not requested yet), on the plan's trial when it has one, its subscription status the one
   * the subscription state machine starts with.
   */
  public void register(Store store, Plan plan, Optional<DatabaseType> databaseType) {
    Instant now = clock.instant();
    store.status = StoreStatus.ACTIVE;
    store.active = true;
    store.suspensionReasons = EnumSet.noneOf(SuspensionReason.class);
    store.databaseType = databaseType.orElse(null);
    store.databaseStatus = DatabaseStatus.NONE;
    boolean trialing = plan.trialDays > 0;
    store.trialStartedAt = trialing ? now : null;
    store.trialEndsAt = trialing ? now.plus(Duration.ofDays(plan.trialDays)) : null;
    store.subscriptionStatus = SubscriptionTransition.start(trialing).to();
    store.updatedAt = now;
  }

  /** Mirrors the store's open subscription, which the subscription state machine just moved. */
  public void subscriptionChanged(Store store, Subscription subscription) {
    store.subscriptionStatus = subscription.status;
    changed(store);
  }

  /**
   * Suspends the store for a reason (idempotent for a reason it already carries).
   *
   * @throws MasterDataException {@code STORE_STATE_CONFLICT} when a reason suspending the store
   *     meets a deleted store, {@code STORE_TRANSITION_REFUSED} when a reason disabling database
   *     logins meets a database that is not ready (a deleted store's database may still be
   *     suspended)
   */
  public Store suspend(Store store, SuspensionReason reason) {
    if (reason.suspendsStore()) {
      check(store, StoreTransition.SUSPEND);
    }
    if (reason.disablesDatabaseLogins()) {
      moveDatabase(store, StoreTransition.SUSPEND_DATABASE);
    }
    if (!store.suspensionReasons.add(reason)) {
      return store; // already suspended for this reason: nothing changes, nothing is announced
    }
    settle(store);
    return store;
  }

  /**
   * Lifts every reason this lifter may lift; the others stay (a payment never lifts an admin's
   * suspension). Lifting nothing changes nothing.
   *
   * @return the reasons lifted
   * @throws MasterDataException {@code STORE_STATE_CONFLICT} for a deleted store
   */
  public Set<SuspensionReason> lift(Store store, SuspensionLifter lifter) {
    check(store, StoreTransition.LIFT);
    Set<SuspensionReason> lifted = EnumSet.noneOf(SuspensionReason.class);
    store.suspensionReasons.stream().filter(r -> r.liftableBy(lifter)).forEach(lifted::add);
    if (lifted.isEmpty()) {
      return lifted;
    }
    store.suspensionReasons.removeAll(lifted);
    if (lifted.stream().anyMatch(SuspensionReason::disablesDatabaseLogins)
        && store.suspensionReasons.stream().noneMatch(SuspensionReason::disablesDatabaseLogins)) {
      moveDatabase(store, StoreTransition.RESUME_DATABASE);
    }
    settle(store);
    return lifted;
  }

  /** Soft-deletes the store: blocked and unpublished; deleting a deleted store changes nothing. */
  public Store delete(Store store) {
    check(store, StoreTransition.DELETE);
    if (store.status != StoreStatus.DELETED) {
      Instant now = clock.instant();
      store.status = StoreStatus.DELETED;
      store.active = false;
      store.published = false;
      store.deletedAt = now;
      touched(store);
    }
    return store;
  }

  /**
   * A provisioning job for {@code type} is queued: the store takes that database option, and its
   * database status becomes {@code PROVISIONING} (a ready one stays {@code ACTIVE}).
   *
   * @throws MasterDataException {@code STORE_TRANSITION_REFUSED} while the database is suspended
   *     (resume the store first)
   */
  public void requestDatabase(Store store, DatabaseType type) {
    moveDatabase(store, StoreTransition.REQUEST_DATABASE);
    store.databaseType = type;
    touched(store);
  }

  /** How a provisioning job ended, as far as the store's database status is concerned. */
  public enum JobEnd {
    SUCCEEDED,
    FAILED,
    /** Cancelled (or otherwise stopped) after running. */
    STOPPED,
    /** Cancelled while queued, before it ever ran. */
    CANCELLED_BEFORE_START
  }

  /** Records how a provisioning job ended on the store's database status. */
  public void jobEnded(UUID storeId, JobEnd end) {
    Store store = stores.findById(storeId, LockModeType.PESSIMISTIC_WRITE);
    StoreTransition transition =
        switch (end) {
          case SUCCEEDED -> StoreTransition.JOB_SUCCEEDED;
          case FAILED -> StoreTransition.JOB_FAILED;
          case STOPPED ->
              store.databaseName == null
                  ? StoreTransition.JOB_STOPPED_EMPTY
                  : StoreTransition.JOB_STOPPED;
          case CANCELLED_BEFORE_START -> StoreTransition.JOB_STOPPED_EMPTY;
        };
    moveDatabase(store, transition);
    touched(store);
  }

  /**
   * The store's database was purged: its status is {@code NONE}, its database option cleared, a
   * deprovisioning suspension gone with the login it locked.
   */
  public void purgeDatabase(UUID storeId) {
    Store store = stores.findById(storeId);
    moveDatabase(store, StoreTransition.PURGE_DATABASE);
    store.suspensionReasons.removeIf(SuspensionReason::disablesDatabaseLogins);
    store.databaseType = null;
    settle(store);
  }

  /**
   * The store's connection (its {@code DATABASE} integration config: credentials, keys, settings)
   * was saved without moving the database: whoever caches a route to it must read it again.
   */
  public void connectionSaved(UUID storeId) {
    touched(stores.findById(storeId));
  }

  /** Records where the store's database lives (placement, a saved connection, a relocation). */
  public void locateDatabase(UUID storeId, DatabaseLocation location) {
    locateDatabase(stores.findById(storeId), location);
  }

  /** Records where the store's database lives (placement, a saved connection, a relocation). */
  public void locateDatabase(Store store, DatabaseLocation location) {
    check(store, StoreTransition.LOCATE_DATABASE);
    store.databaseServerId = location.serverId();
    store.databaseHost = location.host();
    store.databasePort = location.port();
    store.databaseName = location.name();
    touched(store);
  }

  /**
   * The problem a store token's call is refused with, when one of its store's suspension reasons
   * refuses; {@code slug} names the store in the message.
   */
  public static Optional<MasterDataException> storeCallsRefusal(
      String slug, Set<SuspensionReason> suspensionReasons) {
    return suspensionReasons.stream()
        .sorted()
        .flatMap(
            reason ->
                reason.storeCallsRefusal().stream()
                    .map(code -> refusal(slug, suspensionReasons, code)))
        .findFirst();
  }

  /**
   * Whether the store's data may be served: it is active, its database is not suspended and it has
   * no suspension reason at all.
   */
  public static boolean servesData(Store store) {
    return store.status == StoreStatus.ACTIVE
        && store.databaseStatus != DatabaseStatus.SUSPENDED
        && store.suspensionReasons.isEmpty();
  }

  private static MasterDataException refusal(
      String slug, Set<SuspensionReason> suspensionReasons, MasterError code) {
    return new MasterDataException(
        code,
        "Store %s is suspended (%s); ask a platform admin to resume it."
            .formatted(slug, reasons(suspensionReasons)));
  }

  /** The store's reasons as shown in messages, e.g. {@code admin, database-deprovisioned}. */
  public static String reasons(Store store) {
    return reasons(store.suspensionReasons);
  }

  private static String reasons(Set<SuspensionReason> suspensionReasons) {
    return String.join(
        ", ",
        suspensionReasons.stream()
            .sorted()
            .map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .toList());
  }

  /**
   * Refuses a transition the store's current state does not allow, changing nothing: for work
   * outside the master database (locking a login) that must not start when the transition would be
   * refused afterwards.
   *
   * @throws MasterDataException {@code STORE_STATE_CONFLICT}, {@code STORE_TRANSITION_REFUSED}
   */
  public static void ensureAllowed(Store store, StoreTransition transition) {
    check(store, transition);
    DatabaseStatus from = store.databaseStatus;
    transition.databaseTo(from).orElseThrow(() -> refused(store, transition, from));
  }

  private void moveDatabase(Store store, StoreTransition transition) {
    ensureAllowed(store, transition);
    store.databaseStatus = transition.databaseTo(store.databaseStatus).orElseThrow();
  }

  private static void check(Store store, StoreTransition transition) {
    if (transition.storeFrom().contains(store.status)) {
      return;
    }
    if (store.status == StoreStatus.DELETED) {
      throw new MasterDataException(
          MasterError.STORE_STATE_CONFLICT,
          "Store " + store.slug + " is deleted; a deleted store cannot be changed.");
    }
    throw new MasterDataException(
        MasterError.STORE_TRANSITION_REFUSED,
        "Store %s cannot %s while it is %s."
            .formatted(store.slug, transition.wireName(), lower(store.status)));
  }

  private static MasterDataException refused(
      Store store, StoreTransition transition, DatabaseStatus from) {
    String hint =
        from == DatabaseStatus.SUSPENDED
            ? "; resume the store first (POST /api/v1/stores/" + store.id + "/resume)"
            : "";
    return new MasterDataException(
        MasterError.STORE_TRANSITION_REFUSED,
        "Store %s cannot %s while its database is %s%s."
            .formatted(store.slug, transition.wireName(), lower(from), hint));
  }

  /** Derives the store's status from its reasons, then stamps and announces the change. */
  private void settle(Store store) {
    if (store.status != StoreStatus.DELETED) {
      boolean suspended =
          store.suspensionReasons.stream().anyMatch(SuspensionReason::suspendsStore);
      store.status = suspended ? StoreStatus.SUSPENDED : StoreStatus.ACTIVE;
      store.active = !suspended;
    }
    touched(store);
  }

  private void touched(Store store) {
    store.updatedAt = clock.instant();
    changed(store);
  }

  private void changed(Store store) {
    changed.fire(new StoreChanged(store.id, servesData(store)));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
