package io.storeplane.provisioning.job;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobView;
import io.storeplane.jobs.NewJob;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.store.DatabaseLocation;
import io.storeplane.master.store.DatabaseStatus;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.NewStore;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreConnection;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.store.StoreStatus;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests provisioning jobs (kind {@link ProvisioningKind#NAME} on the job engine) and reads them:
 * at most one active job per store (its exclusive key {@code store:<id>}, which the database
 * enforces too), idempotency keys that return the first result, cancellation.
 */
@ApplicationScoped
@Transactional
public class JobService {

  private final JobStore jobs;
  private final EntityManager master;
  private final StoreService stores;
  private final StoreLifecycle lifecycle;
  private final IntegrationService integrations;
  private final DatabaseProviders providers;
  private final DatabaseServerService servers;
  private final ProvisioningConfig config;
  private final Clock clock;

  JobService(
      JobStore jobs,
      EntityManager master,
      StoreService stores,
      StoreLifecycle lifecycle,
      IntegrationService integrations,
      DatabaseProviders providers,
      DatabaseServerService servers,
      ProvisioningConfig config,
      Clock clock) {
    this.jobs = jobs;
    this.master = master;
    this.stores = stores;
    this.lifecycle = lifecycle;
    this.integrations = integrations;
    this.providers = providers;
    this.servers = servers;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Queues a job making the store's database ready. For an existing database, {@code connection}
   * (when given) replaces the saved one. With an idempotency key seen before, returns that key's
   * job and does nothing else.
   *
   * @throws ProvisioningException {@code JOB_ALREADY_ACTIVE}, {@code
   *     DATABASE_OPTION_NOT_AVAILABLE}, {@code DATABASE_OPTION_INVALID}, {@code NO_DATABASE_SERVER}
   *     (a managed database no registered server could ever take)
   */
  public JobRecord enqueue(
      UUID storeId,
      DatabaseType type,
      Optional<StoreConnection> connection,
      Optional<String> idempotencyKey) {
    Optional<JobRecord> earlier = idempotencyKey.flatMap(this::findByKey);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    providers.available(type);
    Store store = stores.get(storeId);
    master.lock(store, LockModeType.PESSIMISTIC_WRITE);
    if (store.status == StoreStatus.DELETED) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_OPTION_INVALID, "Store " + store.slug + " is deleted.");
    }
    jobs.findActive(exclusiveKey(storeId))
        .ifPresent(
            active -> {
              throw new ProvisioningException(
                  ProvisioningError.JOB_ALREADY_ACTIVE,
                  "Store %s already has provisioning job %s (%s)."
                      .formatted(store.slug, active.id(), active.status().name().toLowerCase()));
            });
    return queue(store, type, connection, idempotencyKey);
  }

  /**
   * {@link #enqueue}'s checks of the request against the store, and the job: for a store that is
   * not deleted and has no active job (locked, or created in this transaction).
   */
  private JobRecord queue(
      Store store,
      DatabaseType type,
      Optional<StoreConnection> connection,
      Optional<String> idempotencyKey) {
    UUID storeId = store.id;
    if (store.databaseType != null
        && store.databaseType != type
        && store.databaseStatus != DatabaseStatus.NONE
        && store.databaseStatus != DatabaseStatus.FAILED) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_OPTION_INVALID,
          "Store %s already has a %s database; deprovision it before choosing %s."
              .formatted(store.slug, store.databaseType.wireName(), type.wireName()));
    }
    if (type.managed() && connection.isPresent()) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_OPTION_INVALID,
          "A managed database takes no connection details; the platform creates it.");
    }
    if (type.managed() && store.databaseServerId == null) {
      // Nothing registered could ever take it: refused now rather than retried by the job.
      servers.requirePlaceable(type.engine());
    }
    connection.ifPresent(
        c ->
            integrations.save(
                storeId, IntegrationKind.DATABASE, c.provider(), c.settings(), c.secrets()));
    if (!type.managed() && integrations.find(storeId, IntegrationKind.DATABASE).isEmpty()) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_OPTION_INVALID,
          "Store %s has no connection details for its %s database: send them in config."
              .formatted(store.slug, type.wireName()));
    }
    lifecycle.requestDatabase(store, type);
    if (connection.isPresent()) {
      lifecycle.locateDatabase(store, DatabaseLocation.of(store).at(connection.get().settings()));
    }
    // The job's JDBC insert must see the store and its changes made through Hibernate.
    master.flush();
    JobRecord job =
        jobs.enqueue(
            NewJob.of(ProvisioningKind.NAME)
                .store(storeId)
                .exclusiveKey(exclusiveKey(storeId))
                .limitKey(limitKey(type, connection, storeId))
                .idempotencyKey(idempotencyKey)
                .parameter(ProvisioningKind.SCHEMA_VERSION, ClientSchema.currentVersion())
                .parameter(ProvisioningKind.STORE_SLUG, store.slug)
                .parameter(ProvisioningKind.STORE_NAME, store.name)
                .parameter(ProvisioningKind.DATABASE_TYPE, type.name())
                .unitsTotal(ClientSchema.manifest().totalTables())
                .maxAttempts(config.retry().maxAttempts()),
            clock.instant());
    return job;
  }

  /** At most one queued or running provisioning job per store. */
  static String exclusiveKey(UUID storeId) {
    return "store:" + storeId;
  }

  /**
   * What the per-server limit counts: the server an existing database lives on ({@code host:port}),
   * the engine of a managed one (placement picks the server later, in a step), or Supabase's
   * Management API.
   */
  private String limitKey(DatabaseType type, Optional<StoreConnection> connection, UUID storeId) {
    if (type.managed()) {
      return "managed:" + type.wireName();
    }
    if (type == DatabaseType.SUPABASE) {
      return "supabase";
    }
    Map<String, Object> settings =
        connection
            .map(StoreConnection::settings)
            .or(
                () ->
                    integrations
                        .find(storeId, IntegrationKind.DATABASE)
                        .map(saved -> saved.settings))
            .orElse(Map.of());
    return "server:"
        + settings.getOrDefault("host", "?")
        + ":"
        + settings.getOrDefault("port", "?");
  }

  /**
   * A store registered by {@link #createStore}.
   *
   * @param store the store
   * @param latestJobId its most recent provisioning job: the one queued with it, or for a repeated
   *     idempotency key the store's latest; empty for a store without a database
   */
  public record CreatedStore(Store store, Optional<UUID> latestJobId) {}

  /**
   * Registers a store and queues its provisioning in one transaction. A repeated idempotency key
   * returns the first store and starts nothing.
   */
  public CreatedStore createStore(NewStore request, Optional<String> idempotencyKey) {
    Optional<JobRecord> earlier = idempotencyKey.flatMap(this::findByKey);
    if (earlier.isPresent()) {
      UUID storeId = earlier.get().storeId().orElseThrow();
      return new CreatedStore(stores.get(storeId), latestJobId(storeId));
    }
    request.databaseType().ifPresent(providers::available);
    Store store = stores.create(request);
    if (request.databaseType().isEmpty()) {
      return new CreatedStore(store, Optional.empty());
    }
    // created just now: the store is this transaction's, with no job yet
    JobRecord job = queue(store, request.databaseType().get(), Optional.empty(), idempotencyKey);
    // a key another request used since findByKey answers that request's job, not this store's
    return new CreatedStore(
        store,
        job.storeId().equals(Optional.of(store.id)) ? Optional.of(job.id()) : Optional.empty());
  }

  /** The job that an idempotency key started. */
  public Optional<JobRecord> findByKey(String idempotencyKey) {
    return jobs.findByIdempotencyKey(idempotencyKey)
        .filter(job -> job.kind().equals(ProvisioningKind.NAME));
  }

  /**
   * The job with its step log, read in one statement outside a transaction: status streams read it
   * on every change of the job.
   *
   * @throws ProvisioningException {@code JOB_NOT_FOUND}
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public JobView view(UUID jobId) {
    return jobs.view(jobId)
        .filter(view -> view.job().kind().equals(ProvisioningKind.NAME))
        .orElseThrow(() -> notFound(jobId));
  }

  /** The store's most recent job's id. */
  public Optional<UUID> latestJobId(UUID storeId) {
    return jobs.latestForStore(storeId, ProvisioningKind.NAME).map(JobRecord::id);
  }

  /**
   * Cancels a job: a queued job that never ran ends now; one that ran (or is running) stops before
   * its next step and removes what it created.
   *
   * @throws ProvisioningException {@code JOB_NOT_FOUND}, {@code JOB_NOT_CANCELLABLE}
   */
  public JobRecord cancel(UUID jobId) {
    JobRecord before = get(jobId);
    if (before.status().finished()) {
      throw notCancellable(before);
    }
    JobRecord after = jobs.requestCancel(jobId, clock.instant()).orElseThrow(() -> notFound(jobId));
    if (after.status().finished() && after.status() != JobStatus.CANCELLED) {
      throw notCancellable(after);
    }
    return after;
  }

  private static ProvisioningException notCancellable(JobRecord job) {
    return new ProvisioningException(
        ProvisioningError.JOB_NOT_CANCELLABLE,
        "Job %s has already %s.".formatted(job.id(), job.status().name().toLowerCase()));
  }

  private JobRecord get(UUID jobId) {
    return jobs.find(jobId)
        .filter(job -> job.kind().equals(ProvisioningKind.NAME))
        .orElseThrow(() -> notFound(jobId));
  }

  private static ProvisioningException notFound(UUID jobId) {
    return new ProvisioningException(
        ProvisioningError.JOB_NOT_FOUND, "There is no provisioning job with this id.");
  }
}
