package io.storeplane.master.store;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.plan.Plan;
import io.storeplane.master.plan.PlanRepository;
import io.storeplane.master.subscription.SubscriptionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Registration, changes, suspension and soft deletion of stores, as an admin asks for them; every
 * change of a store's state goes through {@link StoreLifecycle}.
 */
@ApplicationScoped
@Transactional
public class StoreService {

  private final StoreRepository stores;
  private final PlanRepository plans;
  private final SubscriptionService subscriptions;
  private final IntegrationService integrations;
  private final StoreLifecycle lifecycle;
  private final Clock clock;

  StoreService(
      StoreRepository stores,
      PlanRepository plans,
      SubscriptionService subscriptions,
      IntegrationService integrations,
      StoreLifecycle lifecycle,
      Clock clock) {
    this.stores = stores;
    this.plans = plans;
    this.subscriptions = subscriptions;
    this.integrations = integrations;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /**
   * Registers a store on a plan and opens its subscription (a trial when the plan has one); for an
   * existing database, saves how to reach it with its secrets sealed, in the same transaction.
   *
   * @throws MasterDataException {@code SLUG_TAKEN} or {@code PLAN_NOT_FOUND}
   */
  public Store create(NewStore request) {
    Plan plan = offeredPlan(request.planCode());
    if (stores.slugExists(request.slug())) {
      throw slugTaken(request.slug());
    }
    Instant now = clock.instant();
    Store store = new Store();
    store.id = UUID.randomUUID();
    store.name = request.name();
    store.slug = request.slug();
    store.planCode = plan.code;
    store.createdAt = now;
    lifecycle.register(store, plan, request.databaseType());
    try {
      stores.persistAndFlush(store);
    } catch (PersistenceException e) {
      if (violates(e, "stores_slug_key")) {
        throw slugTaken(request.slug()); // another request took the slug since our check
      }
      throw e;
    }
    lifecycle.subscriptionChanged(store, subscriptions.open(store.id, plan, store.trialEndsAt));
    request
        .connection()
        .ifPresent(
            connection -> {
              integrations.save(
                  store.id,
                  IntegrationKind.DATABASE,
                  connection.provider(),
                  connection.settings(),
                  connection.secrets());
              lifecycle.locateDatabase(store, DatabaseLocation.NOWHERE.at(connection.settings()));
            });
    return store;
  }

  /** The store with this id, deleted or not. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Store> find(UUID id) {
    return stores.findByIdOptional(id);
  }

  /**
   * @throws MasterDataException {@code STORE_NOT_FOUND}
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Store get(UUID id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  /** How many stores are in each status (a status with none is absent). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Map<StoreStatus, Long> countByStatus() {
    return stores.countByStatus();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<Store> search(StoreQuery query) {
    return stores.search(query);
  }

  /**
   * Applies a partial update. A deleted store cannot be changed.
   *
   * @throws MasterDataException {@code STORE_NOT_FOUND}, {@code PLAN_NOT_FOUND}, {@code
   *     STORE_STATE_CONFLICT}
   */
  public Store update(UUID id, StoreChanges changes) {
    Store store = changeable(id);
    changes.name().ifPresent(name -> store.name = name);
    changes.published().ifPresent(published -> store.published = published);
    if (changes.planCode().isPresent() && !changes.planCode().get().equals(store.planCode)) {
      Plan plan = offeredPlan(changes.planCode().get());
      store.planCode = plan.code;
      lifecycle.subscriptionChanged(
          store, subscriptions.changePlan(store.id, plan, store.trialEndsAt));
    }
    store.updatedAt = clock.instant();
    return store;
  }

  /**
   * Suspends the store on an admin's word ({@link SuspensionReason#ADMIN}); suspending a suspended
   * store changes nothing.
   *
   * @throws MasterDataException {@code STORE_NOT_FOUND}, {@code STORE_STATE_CONFLICT}
   */
  public Store suspend(UUID id) {
    return lifecycle.suspend(get(id), SuspensionReason.ADMIN);
  }

  /**
   * Lifts every suspension reason an admin may lift (the master side of a resume: provisioning
   * gives a suspended database's login back first); resuming an active store changes nothing.
   *
   * @throws MasterDataException {@code STORE_NOT_FOUND}, {@code STORE_STATE_CONFLICT}
   */
  public Store resume(UUID id) {
    Store store = get(id);
    lifecycle.lift(store, SuspensionLifter.ADMIN);
    return store;
  }

  /**
   * Soft-deletes the store: hidden from default listings and blocked, its slug still reserved and
   * its database kept until an explicit purge. Deleting a deleted store changes nothing.
   */
  public Store delete(UUID id) {
    return lifecycle.delete(get(id));
  }

  private Store changeable(UUID id) {
    Store store = get(id);
    if (store.status == StoreStatus.DELETED) {
      throw new MasterDataException(
          MasterError.STORE_STATE_CONFLICT,
          "Store " + store.slug + " is deleted; a deleted store cannot be changed.");
    }
    return store;
  }

  private Plan offeredPlan(String code) {
    return plans
        .findActive(code)
        .orElseThrow(
            () ->
                new MasterDataException(
                    MasterError.PLAN_NOT_FOUND, "The plan named in 'plan' is not on offer."));
  }

  private static boolean violates(Throwable e, String constraint) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException violation
          && constraint.equals(violation.getConstraintName())) {
        return true;
      }
    }
    return false;
  }

  static MasterDataException slugTaken(String slug) {
    return new MasterDataException(
        MasterError.SLUG_TAKEN, "The slug is already used by another store.");
  }

  private static MasterDataException notFound(UUID id) {
    return new MasterDataException(MasterError.STORE_NOT_FOUND, "There is no store with this id.");
  }
}
