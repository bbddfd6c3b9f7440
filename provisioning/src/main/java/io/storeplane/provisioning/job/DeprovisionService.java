package io.storeplane.provisioning.job;

import io.storeplane.master.job.ProvisioningJobRepository;
import io.storeplane.master.store.DatabaseStatus;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreService;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.provider.ConnectionRecords;
import io.storeplane.provisioning.provider.DatabaseProvider;
import io.storeplane.provisioning.provider.DatabaseProviders;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Takes a store's database out of service. Suspend: a managed store's login is locked and its
 * sessions ended; an existing database is only marked disconnected. Purge (confirmed with the
 * store's slug): a managed database and its login are dropped; an existing database is never
 * dropped, only its saved connection is removed. Neither runs while a provisioning job is active.
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
  private final ProvisioningJobRepository jobs;
  private final DatabaseProviders providers;
  private final ConnectionRecords records;

  DeprovisionService(
      StoreService stores,
      ProvisioningJobRepository jobs,
      DatabaseProviders providers,
      ConnectionRecords records) {
    this.stores = stores;
    this.jobs = jobs;
    this.providers = providers;
    this.records = records;
  }

  /**
   * @throws ProvisioningException {@code STORE_HAS_NO_DATABASE}, {@code JOB_ALREADY_ACTIVE}
   */
  public Outcome suspend(UUID storeId) {
    Store store = deprovisionable(storeId);
    String message = providers.of(store.databaseType).suspend(store);
    records.markDatabase(storeId, DatabaseStatus.SUSPENDED);
    return new Outcome(storeId, DatabaseStatus.SUSPENDED, message);
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
    records.markDatabase(storeId, DatabaseStatus.NONE);
    return new Outcome(storeId, DatabaseStatus.NONE, message);
  }

  private Store deprovisionable(UUID storeId) {
    Store store = stores.get(storeId);
    if (store.databaseType == null || store.databaseStatus == DatabaseStatus.NONE) {
      throw new ProvisioningException(
          ProvisioningError.STORE_HAS_NO_DATABASE, "Store " + store.slug + " has no database.");
    }
    jobs.findActive(storeId)
        .ifPresent(
            active -> {
              throw new ProvisioningException(
                  ProvisioningError.JOB_ALREADY_ACTIVE,
                  "Store %s has provisioning job %s running; cancel it first."
                      .formatted(store.slug, active.id));
            });
    return store;
  }
}
