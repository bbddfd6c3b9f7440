package io.storeplane.provisioning.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The workers of one instance: a bounded pool that claims jobs while it has free threads, and the
 * lease renewal of the jobs it holds. Framework-free; the application calls {@link #poll()} and
 * {@link #renewLeases()} from its scheduler. Both log and survive every error.
 */
public final class JobEngine implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JobEngine.class);

  private final String workerId;
  private final JobRecords records;
  private final JobRunner runner;
  private final Clock clock;
  private final Duration lease;
  private final int threads;
  private final ExecutorService pool;
  private final Map<UUID, Boolean> running = new ConcurrentHashMap<>();
  private final AtomicInteger busy = new AtomicInteger();

  public JobEngine(
      String workerId,
      JobRecords records,
      JobRunner runner,
      Clock clock,
      Duration lease,
      int threads) {
    this.workerId = workerId;
    this.records = records;
    this.runner = runner;
    this.clock = clock;
    this.lease = lease;
    this.threads = threads;
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "provisioning-worker-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** This instance's worker id (lease owner). */
  public String workerId() {
    return workerId;
  }

  /** Claims jobs while threads are free and hands them to the pool; returns how many. */
  public int poll() {
    int claimed = 0;
    try {
      while (busy.get() < threads && !pool.isShutdown()) {
        Optional<ClaimedJob> job = records.claim(workerId, clock.instant(), lease);
        if (job.isEmpty()) {
          break;
        }
        claimed++;
        busy.incrementAndGet();
        running.put(job.get().id(), Boolean.TRUE);
        pool.execute(() -> runClaimed(job.get()));
      }
    } catch (RuntimeException e) {
      LOG.error("Polling for provisioning jobs failed; will poll again", e);
    }
    return claimed;
  }

  /** Extends the lease of every job this instance is working on. */
  public void renewLeases() {
    for (UUID id : running.keySet()) {
      try {
        if (!records.renew(id, workerId, clock.instant(), lease)) {
          LOG.warnf("Lease of job %s is no longer held by %s", id, workerId);
        }
      } catch (RuntimeException e) {
        LOG.errorf(e, "Renewing the lease of job %s failed; will retry", id);
      }
    }
  }

  /** How many jobs this instance is running now. */
  public int busy() {
    return busy.get();
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
      busy.decrementAndGet();
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
