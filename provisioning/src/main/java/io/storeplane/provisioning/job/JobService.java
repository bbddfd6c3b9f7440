package io.storeplane.provisioning.job;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.integration.IntegrationKind;
import io.storeplane.master.integration.IntegrationService;
import io.storeplane.master.job.JobStatus;
import io.storeplane.master.job.ProvisioningJob;
import io.storeplane.master.job.ProvisioningJobRepository;
import io.storeplane.master.job.ProvisioningJobStep;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Requests provisioning jobs and reads them: at most one active job per store (the database
 * enforces it too), idempotency keys that return the first result, cancellation.
 */
@ApplicationScoped
@Transactional
public class JobService {

  /** Fired after a job is queued, so idle workers start at once. */
  public record JobQueued(UUID jobId) {}

  /**
   * A job and its step log.
   *
   * @param job the job
   * @param steps its step records, oldest first
   */
  public record JobView(ProvisioningJob job, List<ProvisioningJobStep> steps) {}

  private final ProvisioningJobRepository jobs;
  private final StoreService stores;
  private final StoreLifecycle lifecycle;
  private final IntegrationService integrations;
  private final DatabaseProviders providers;
  private final ProvisioningConfig config;
  private final Event<JobQueued> queued;
  private final Clock clock;

  JobService(
      ProvisioningJobRepository jobs,
      StoreService stores,
      StoreLifecycle lifecycle,
      IntegrationService integrations,
      DatabaseProviders providers,
      ProvisioningConfig config,
      Event<JobQueued> queued,
      Clock clock) {
    this.jobs = jobs;
    this.stores = stores;
    this.lifecycle = lifecycle;
    this.integrations = integrations;
    this.providers = providers;
    this.config = config;
    this.queued = queued;
    this.clock = clock;
  }

  /**
   * Queues a job making the store's database ready. For an existing database, {@code connection}
   * (when given) replaces the saved one. With an idempotency key seen before, returns that key's
   * job and does nothing else.
   *
   * @throws ProvisioningException {@code JOB_ALREADY_ACTIVE}, {@code
   *     DATABASE_OPTION_NOT_AVAILABLE}, {@code DATABASE_OPTION_INVALID}
   */
  public ProvisioningJob enqueue(
      UUID storeId,
      DatabaseType type,
      Optional<StoreConnection> connection,
      Optional<String> idempotencyKey) {
    Optional<ProvisioningJob> earlier = idempotencyKey.flatMap(this::findByKey);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    providers.available(type);
    Store store = stores.get(storeId);
    jobs.getEntityManager().lock(store, LockModeType.PESSIMISTIC_WRITE);
    if (store.status == StoreStatus.DELETED) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_OPTION_INVALID, "Store " + store.slug + " is deleted.");
    }
    jobs.findActive(storeId)
        .ifPresent(
            active -> {
              throw new ProvisioningException(
                  ProvisioningError.JOB_ALREADY_ACTIVE,
                  "Store %s already has provisioning job %s (%s)."
                      .formatted(store.slug, active.id, active.status.name().toLowerCase()));
            });
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
    Instant now = clock.instant();
    ProvisioningJob job = new ProvisioningJob();
    job.id = UUID.randomUUID();
    job.storeId = storeId;
    job.databaseType = type;
    job.status = JobStatus.QUEUED;
    job.progress = 0;
    job.message = "Queued";
    job.totalTables = ClientSchema.manifest().totalTables();
    job.maxAttempts = config.retry().maxAttempts();
    job.runAfter = now;
    job.idempotencyKey = idempotencyKey.orElse(null);
    job.parameters = new HashMap<>();
    job.parameters.put("schemaVersion", ClientSchema.currentVersion());
    job.createdAt = now;
    job.updatedAt = now;
    jobs.persistAndFlush(job);
    queued.fire(new JobQueued(job.id));
    return job;
  }

  /**
   * Registers a store and queues its provisioning in one transaction. A repeated idempotency key
   * returns the first store and starts nothing.
   */
  public Store createStore(NewStore request, Optional<String> idempotencyKey) {
    Optional<ProvisioningJob> earlier = idempotencyKey.flatMap(this::findByKey);
    if (earlier.isPresent()) {
      return stores.get(earlier.get().storeId);
    }
    request.databaseType().ifPresent(providers::available);
    Store store = stores.create(request);
    if (request.databaseType().isPresent()) {
      enqueue(store.id, request.databaseType().get(), Optional.empty(), idempotencyKey);
    }
    return store;
  }

  /** The job that an idempotency key started. */
  public Optional<ProvisioningJob> findByKey(String idempotencyKey) {
    return jobs.find("idempotencyKey", idempotencyKey).firstResultOptional();
  }

  /**
   * @throws ProvisioningException {@code JOB_NOT_FOUND}
   */
  public JobView view(UUID jobId) {
    ProvisioningJob job = get(jobId);
    return new JobView(job, jobs.steps(jobId));
  }

  /** The store's most recent job's id. */
  public Optional<UUID> latestJobId(UUID storeId) {
    return jobs.findLatest(storeId).map(job -> job.id);
  }

  /**
   * Cancels a job: a queued job that never ran ends now; one that ran (or is running) stops before
   * its next step and removes what it created.
   *
   * @throws ProvisioningException {@code JOB_NOT_FOUND}, {@code JOB_NOT_CANCELLABLE}
   */
  public ProvisioningJob cancel(UUID jobId) {
    ProvisioningJob job = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
    if (job == null) {
      throw notFound(jobId);
    }
    if (job.status.finished()) {
      throw new ProvisioningException(
          ProvisioningError.JOB_NOT_CANCELLABLE,
          "Job %s has already %s.".formatted(jobId, job.status.name().toLowerCase()));
    }
    Instant now = clock.instant();
    job.cancelRequested = true;
    job.updatedAt = now;
    if (job.status == JobStatus.QUEUED && job.attempt == 0) {
      job.status = JobStatus.CANCELLED;
      job.message = "Cancelled before it started";
      job.finishedAt = now;
      lifecycle.jobEnded(job.storeId, StoreLifecycle.JobEnd.CANCELLED_BEFORE_START);
    } else if (job.status == JobStatus.QUEUED) {
      job.runAfter = now;
      queued.fire(new JobQueued(job.id));
    }
    return job;
  }

  private ProvisioningJob get(UUID jobId) {
    return jobs.findByIdOptional(jobId).orElseThrow(() -> notFound(jobId));
  }

  private static ProvisioningException notFound(UUID jobId) {
    return new ProvisioningException(
        ProvisioningError.JOB_NOT_FOUND, "There is no provisioning job with id " + jobId + ".");
  }
}
