package io.storeplane.provisioning.job;

import io.storeplane.master.job.JobStatus;
import io.storeplane.master.job.ProvisioningJob;
import io.storeplane.master.job.ProvisioningJobRepository;
import io.storeplane.master.job.ProvisioningJobStep;
import io.storeplane.master.job.StepStatus;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreChanged;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.master.store.StoreRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The job queue in the master database. Every method is one short transaction; every write by a
 * worker first checks, under a row lock, that the worker still holds the job's lease, and throws
 * {@link LeaseLostException} otherwise, so a worker that was presumed dead can never overwrite the
 * work of the one that took over.
 */
@ApplicationScoped
@Transactional
public class JobRecords {

  private static final int MAX_MESSAGE = 1000;
  private static final int MAX_ERROR = 2000;

  private final ProvisioningJobRepository jobs;
  private final StoreRepository stores;
  private final StoreLifecycle lifecycle;

  JobRecords(ProvisioningJobRepository jobs, StoreRepository stores, StoreLifecycle lifecycle) {
    this.jobs = jobs;
    this.stores = stores;
    this.lifecycle = lifecycle;
  }

  /**
   * Claims the next runnable job: queued and due, or running with an expired lease. Uses {@code FOR
   * UPDATE SKIP LOCKED}, so concurrent workers never claim the same job.
   */
  public Optional<ClaimedJob> claim(String worker, Instant now, Duration lease) {
    return claim(worker, now, lease, Optional.empty());
  }

  /**
   * As {@link #claim(String, Instant, Duration)}, limited to one job when {@code only} is given (an
   * operator's "run this one now", or a test driving a worker); same rules otherwise.
   */
  public Optional<ClaimedJob> claim(
      String worker, Instant now, Duration lease, Optional<UUID> only) {
    @SuppressWarnings("unchecked")
    List<Object> ids =
        jobs.getEntityManager()
            .createNativeQuery(
                "SELECT CAST(id AS varchar) FROM provisioning_jobs WHERE ((status = 'QUEUED' AND"
                    + " run_after <= ?1) OR (status = 'RUNNING' AND lease_expires_at < ?1)) AND"
                    + " (CAST(?2 AS uuid) IS NULL OR id = CAST(?2 AS uuid)) ORDER BY run_after,"
                    + " created_at LIMIT 1 FOR UPDATE SKIP LOCKED")
            .setParameter(1, now)
            .setParameter(2, only.map(UUID::toString).orElse(null))
            .getResultList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    ProvisioningJob job = jobs.findById(UUID.fromString(ids.get(0).toString()));
    job.status = JobStatus.RUNNING;
    job.leaseOwner = worker;
    job.leaseExpiresAt = now.plus(lease);
    job.attempt++;
    if (job.startedAt == null) {
      job.startedAt = now;
    }
    job.updatedAt = now;
    Store store = stores.findById(job.storeId);
    return Optional.of(
        new ClaimedJob(
            job.id,
            job.storeId,
            store.slug,
            store.name,
            job.databaseType,
            job.attempt,
            job.progress,
            new HashMap<>(job.parameters)));
  }

  /** Extends the lease; false when the worker no longer holds it. */
  public boolean renew(UUID jobId, String worker, Instant now, Duration lease) {
    return jobs.update(
            "leaseExpiresAt = ?1, updatedAt = ?2 where id = ?3 and leaseOwner = ?4 and status = ?5",
            now.plus(lease),
            now,
            jobId,
            worker,
            JobStatus.RUNNING)
        == 1;
  }

  /** Whether someone asked to cancel the job. */
  public boolean cancelRequested(UUID jobId) {
    return jobs.findById(jobId).cancelRequested;
  }

  /** Records that a step started. */
  public void stepStarted(UUID jobId, String worker, Step step, int attempt, Instant now) {
    ProvisioningJob job = held(jobId, worker);
    job.currentStep = step.wireName();
    job.message = "Running " + step.wireName();
    job.updatedAt = now;
    ProvisioningJobStep record = new ProvisioningJobStep();
    record.jobId = jobId;
    record.step = step.wireName();
    record.attempt = attempt;
    record.status = StepStatus.RUNNING;
    record.startedAt = now;
    jobs.getEntityManager().persist(record);
  }

  /** Progress inside a step; progress never goes down. */
  public void progress(
      UUID jobId, String worker, int progress, int tablesCreated, String message, Instant now) {
    ProvisioningJob job = held(jobId, worker);
    job.progress = Math.max(job.progress, Math.min(100, progress));
    job.tablesCreated = Math.max(job.tablesCreated, Math.min(tablesCreated, job.totalTables));
    job.message = truncate(message, MAX_MESSAGE);
    job.updatedAt = now;
  }

  /** Records how a step ended, and the job's parameters after it. */
  public void stepFinished(
      UUID jobId,
      String worker,
      Step step,
      int attempt,
      StepStatus status,
      String message,
      Map<String, Object> parameters,
      Instant now) {
    ProvisioningJob job = held(jobId, worker);
    ProvisioningJobStep record =
        jobs.getEntityManager()
            .createQuery(
                "from ProvisioningJobStep where jobId = :job and step = :step and attempt ="
                    + " :attempt",
                ProvisioningJobStep.class)
            .setParameter("job", jobId)
            .setParameter("step", step.wireName())
            .setParameter("attempt", attempt)
            .getSingleResult();
    record.status = status;
    record.message = truncate(message, MAX_MESSAGE);
    record.finishedAt = now;
    job.parameters = new HashMap<>(parameters);
    job.message = truncate(message, MAX_MESSAGE);
    if (status != StepStatus.FAILED) {
      job.progress = Math.max(job.progress, step.progressWhenDone());
    }
    job.updatedAt = now;
  }

  /**
   * Ends the job: succeeded, failed or cancelled; the lease is released and the store's database
   * status follows (a succeeded job activates the store's database: {@link StoreChanged}).
   */
  public void finish(
      UUID jobId,
      String worker,
      JobStatus status,
      String message,
      String errorCode,
      String errorMessage,
      Map<String, Object> parameters,
      Instant now) {
    ProvisioningJob job = held(jobId, worker);
    job.status = status;
    job.message = truncate(message, MAX_MESSAGE);
    job.errorCode = errorCode;
    job.errorMessage = truncate(errorMessage, MAX_ERROR);
    job.parameters = new HashMap<>(parameters);
    job.leaseOwner = null;
    job.leaseExpiresAt = null;
    job.finishedAt = now;
    job.updatedAt = now;
    if (status == JobStatus.SUCCEEDED) {
      job.progress = 100;
      job.tablesCreated = job.totalTables;
    }
    lifecycle.jobEnded(
        job.storeId,
        switch (status) {
          case SUCCEEDED -> StoreLifecycle.JobEnd.SUCCEEDED;
          case FAILED -> StoreLifecycle.JobEnd.FAILED;
          default -> StoreLifecycle.JobEnd.STOPPED;
        });
  }

  /** Puts the job back in the queue until {@code runAfter} (a retry or a waiting step). */
  public void requeue(
      UUID jobId,
      String worker,
      Instant runAfter,
      String message,
      String errorCode,
      String errorMessage,
      Map<String, Object> parameters,
      Instant now) {
    ProvisioningJob job = held(jobId, worker);
    job.status = JobStatus.QUEUED;
    job.runAfter = runAfter;
    job.message = truncate(message, MAX_MESSAGE);
    job.errorCode = errorCode;
    job.errorMessage = truncate(errorMessage, MAX_ERROR);
    job.parameters = new HashMap<>(parameters);
    job.leaseOwner = null;
    job.leaseExpiresAt = null;
    job.updatedAt = now;
  }

  private ProvisioningJob held(UUID jobId, String worker) {
    ProvisioningJob job = jobs.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
    if (job == null || !worker.equals(job.leaseOwner) || job.status != JobStatus.RUNNING) {
      throw new LeaseLostException(jobId, worker);
    }
    return job;
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
