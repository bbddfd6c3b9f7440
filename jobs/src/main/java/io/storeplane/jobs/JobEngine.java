package io.storeplane.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The workers of one instance: a bounded pool that claims jobs of the kinds it runs while it has
 * free threads, never more (a thread is reserved before its claim), renews the leases of the jobs
 * it holds, queues the jobs of due recurring schedules (and, hourly, deletes their finished jobs
 * past the retention) and refreshes the per-kind gauges. Framework-free: the application calls
 * {@link #poll()} from its scheduler (and when a job is queued); every method logs and survives
 * every error.
 */
public final class JobEngine implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JobEngine.class);
  private static final Duration STATS_INTERVAL = Duration.ofSeconds(10);
  private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

  private final String workerId;
  private final JobStore store;
  private final JobRunner runner;
  private final Clock clock;
  private final Duration lease;
  private final int threads;
  private final JobMetrics metrics;
  private final Duration scheduledRetention;
  private final ExecutorService pool;
  private final Semaphore free;
  private final Map<UUID, Boolean> running = new ConcurrentHashMap<>();
  private final AtomicBoolean claiming = new AtomicBoolean();
  private final AtomicBoolean claimWanted = new AtomicBoolean();
  private volatile Instant statsAt = Instant.EPOCH;
  private volatile Instant purgedAt = Instant.EPOCH;
  private volatile boolean schedulesRegistered;

  public JobEngine(
      String workerId,
      JobStore store,
      JobRunner runner,
      Clock clock,
      Duration lease,
      int threads,
      JobMetrics metrics) {
    this(workerId, store, runner, clock, lease, threads, metrics, Duration.ofDays(1));
  }

  /**
   * @param scheduledRetention how long the finished jobs of recurring schedules are kept
   */
  public JobEngine(
      String workerId,
      JobStore store,
      JobRunner runner,
      Clock clock,
      Duration lease,
      int threads,
      JobMetrics metrics,
      Duration scheduledRetention) {
    if (threads < 1) {
      throw new IllegalArgumentException("A job engine needs at least one thread");
    }
    this.workerId = workerId;
    this.store = store;
    this.runner = runner;
    this.clock = clock;
    this.lease = lease;
    this.threads = threads;
    this.metrics = metrics;
    this.scheduledRetention = scheduledRetention;
    this.free = new Semaphore(threads);
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "job-worker-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** This instance's worker id (the lease owner of the jobs it claims). */
  public String workerId() {
    return workerId;
  }

  /** The kinds this instance runs. */
  public List<String> kinds() {
    return store.kinds().names();
  }

  /**
   * One round of work: renews leases, queues the jobs of due schedules, claims as many runnable
   * jobs as it has free threads and starts them, and now and then refreshes the gauges.
   *
   * @return the jobs claimed
   */
  public int poll() {
    renewLeases();
    runSchedules();
    int claimed = claim();
    refreshStats();
    return claimed;
  }

  /**
   * Claims jobs while threads are free and hands them to the pool; returns how many. Calls that
   * arrive while another claim runs are not lost: the running claimer looks again once it is done
   * (a job queued during a claim that found nothing is claimed at once, not at the next round).
   */
  public int claim() {
    claimWanted.set(true);
    int claimed = 0;
    while (claimWanted.get() && claiming.compareAndSet(false, true)) {
      try {
        while (claimWanted.getAndSet(false)) {
          claimed += claimOnce();
        }
      } finally {
        claiming.set(false);
      }
    }
    return claimed;
  }

  private int claimOnce() {
    if (pool.isShutdown()) {
      return 0;
    }
    int reserved = free.drainPermits();
    if (reserved == 0) {
      // Every thread is busy: the next one to finish claims again.
      return 0;
    }
    List<ClaimedJob> claimed = List.of();
    try {
      claimed = store.claim(workerId, clock.instant(), lease, reserved, kinds(), Optional.empty());
    } catch (RuntimeException e) {
      LOG.error("Claiming jobs failed; will claim again", e);
    } finally {
      free.release(reserved - claimed.size());
    }
    Instant now = clock.instant();
    for (ClaimedJob job : claimed) {
      metrics.claimed(job.kind(), Duration.between(job.due(), now));
      running.put(job.id(), Boolean.TRUE);
      try {
        pool.execute(() -> runClaimed(job));
      } catch (RejectedExecutionException stopping) {
        // Closing: the job keeps its lease and is taken over when it expires.
        running.remove(job.id());
        free.release();
      }
    }
    return claimed.size();
  }

  /** Extends the lease of every job this instance is working on. */
  public void renewLeases() {
    for (UUID id : running.keySet()) {
      try {
        if (!store.renew(id, workerId, clock.instant(), lease)) {
          // The job ended between the listing and the renewal, or another worker took it over
          // (the worker then stops at its next write, with a warning of its own).
          LOG.debugf("Lease of job %s is no longer held by %s", id, workerId);
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "Renewing the lease of job %s failed; will retry", id);
      }
    }
  }

  /**
   * Makes this instance's schedules exist in the master database (at start; the first round tries
   * again if it failed). Idempotent.
   */
  public void registerSchedules() {
    List<JobSchedule> schedules = store.kinds().schedules();
    if (schedules.isEmpty() || schedulesRegistered) {
      return;
    }
    try {
      store.registerSchedules(schedules, clock.instant());
      schedulesRegistered = true;
    } catch (RuntimeException e) {
      LOG.error("Registering the job schedules failed; the next round tries again", e);
    }
  }

  /** Registers this instance's schedules (once) and queues the jobs of those that are due. */
  public void runSchedules() {
    List<JobSchedule> schedules = store.kinds().schedules();
    if (schedules.isEmpty()) {
      return;
    }
    registerSchedules();
    if (!schedulesRegistered) {
      return;
    }
    try {
      Instant now = clock.instant();
      List<UUID> queued = store.enqueueDue(schedules, now);
      if (!queued.isEmpty()) {
        LOG.debugf("Schedules queued %d job(s)", queued.size());
      }
      if (!now.isBefore(purgedAt.plus(PURGE_INTERVAL))) {
        purgedAt = now;
        int purged = store.purgeScheduledHistory(now.minus(scheduledRetention));
        if (purged > 0) {
          LOG.debugf(
              "Deleted %d finished scheduled job(s) older than %s", purged, scheduledRetention);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Running the job schedules failed; will try again", e);
    }
  }

  /** How many jobs this instance is running now. */
  public int busy() {
    return threads - free.availablePermits();
  }

  private void refreshStats() {
    Instant now = clock.instant();
    if (now.isBefore(statsAt.plus(STATS_INTERVAL))) {
      return;
    }
    statsAt = now;
    try {
      metrics.refresh(kinds(), store.stats(now));
    } catch (RuntimeException e) {
      LOG.warn("Reading the job gauges failed; will read them again", e);
    }
  }

  private void runClaimed(ClaimedJob job) {
    try {
      runner.run(job, workerId);
    } catch (LeaseLostException e) {
      LOG.warn(e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.errorf(e, "Job %s stopped unexpectedly; it resumes when its lease expires", job.id());
    } finally {
      running.remove(job.id());
      free.release();
    }
    // A thread is free: take the next due job now rather than at the next round.
    if (!pool.isShutdown()) {
      claim();
    }
  }

  /** Stops claiming, lets running jobs finish for up to ten seconds, then interrupts them. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
