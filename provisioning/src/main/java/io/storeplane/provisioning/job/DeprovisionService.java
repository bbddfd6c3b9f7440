package io.storeplane.provisioning.job;

import io.storeplane.jobs.JobStore;
import io.storeplane.master.store.DatabaseStatus;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.store.StoreTransition;
import io.storeplane.master.store.SuspensionLifter;
import io.storeplane.master.store.SuspensionReason;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.provider.DatabaseProvider;
import io.storeplane.provisioning.provider.DatabaseProviders;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Takes a store's database out of service and back. Suspend: a managed store's login is locked and
 * its sessions ended; an existing database is only marked disconnected; the store carries the
 * suspension reason {@link SuspensionReason#DATABASE_DEPROVISIONED}. Resume (the store's one
 * resume, {@code POST /api/v1/stores/{id}/resume}): the login is unlocked first, then every reason
 * an admin may lift is lifted. Purge (confirmed with the store's slug): a managed database and its
 * login are dropped; an existing database is never dropped, only its saved connection is removed.
 * Suspend and purge do not run while a provisioning job is active.
 */
@ApplicationScoped
public class DeprovisionService {

  /**
   * What deprovisioning did.
   *
   * @param storeId the store
   * @param databaseStatus the store's database status afterwards
   * @param message what was done
   */
  public record Outcome(UUID storeId, DatabaseStatus databaseStatus, String message) {}

  private final StoreService stores;
  private final JobStore jobs;
  private final DatabaseProviders providers;
  private final ConnectionRecords records;

  DeprovisionService(
      StoreService stores, JobStore jobs, DatabaseProviders providers, ConnectionRecords records) {
    this.stores = stores;
    this.jobs = jobs;
    this.providers = providers;
    this.records = records;
  }

  /**
   * @throws ProvisioningException {@code STORE_HAS_NO_DATABASE}, {@code JOB_ALREADY_ACTIVE}
   * @throws io.storeplane.master.MasterDataException {@code STORE_TRANSITION_REFUSED} when the
   *     database is not ready (failed or still provisioning)
   */
  public Outcome suspend(UUID storeId) {
    Store store = deprovisionable(storeId);
    StoreLifecycle.ensureAllowed(store, StoreTransition.SUSPEND_DATABASE);
    String message = providers.of(store.databaseType).suspend(store);
    Store suspended = records.suspended(storeId);
    return new Outcome(storeId, suspended.databaseStatus, message);
  }

  /**
   * Lifts every suspension an admin may lift. A database suspended by deprovisioning gets its login
   * back first, so a failure there leaves the store suspended as it was; resuming a store that is
   * not suspended changes nothing.
   *
   * @throws io.storeplane.master.MasterDataException {@code STORE_NOT_FOUND}, {@code
   *     STORE_STATE_CONFLICT}
   */
  public Store resume(UUID storeId) {
    Store store = stores.get(storeId);
    StoreLifecycle.ensureAllowed(store, StoreTransition.LIFT);
    boolean loginsBack =
        store.suspensionReasons.stream()
            .anyMatch(r -> r.disablesDatabaseLogins() && r.liftableBy(SuspensionLifter.ADMIN));
    if (loginsBack && store.databaseType != null) {
      providers.of(store.databaseType).resume(store);
    }
    return stores.resume(storeId);
  }

  /**
   * @param confirm must equal the store's slug
   * @throws ProvisioningException {@code PURGE_NOT_CONFIRMED}, {@code STORE_HAS_NO_DATABASE},
   *     {@code JOB_ALREADY_ACTIVE}
   */
  public Outcome purge(UUID storeId, String confirm) {
    Store store = deprovisionable(storeId);
    if (!store.slug.equals(confirm)) {
      throw new ProvisioningException(
          ProvisioningError.PURGE_NOT_CONFIRMED,
          "Purging drops the store's database for good: confirm with the store's slug.");
    }
    DatabaseProvider provider = providers.of(store.databaseType);
    String message = provider.purge(store);
    records.purged(storeId);
    return new Outcome(storeId, DatabaseStatus.NONE, message);
  }

  private Store deprovisionable(UUID storeId) {
    Store store = stores.get(storeId);
    if (store.databaseType == null || store.databaseStatus == DatabaseStatus.NONE) {
      throw new ProvisioningException(
          ProvisioningError.STORE_HAS_NO_DATABASE, "Store " + store.slug + " has no database.");
    }
    jobs.findActive(JobService.exclusiveKey(storeId))
        .ifPresent(
            active -> {
              throw new ProvisioningException(
                  ProvisioningError.JOB_ALREADY_ACTIVE,
                  "Store %s has provisioning job %s running; cancel it first."
                      .formatted(store.slug, active.id()));
            });
    return store;
  }
}
