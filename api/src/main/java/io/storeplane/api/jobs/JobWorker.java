package io.storeplane.api.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.jobs.JobChanged;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.runtime.JobChangesOnBus;
import io.storeplane.jobs.runtime.JobsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Scheduling glue for the job engine (built by {@code jobs.runtime}): a round every {@code
 * storeplane.jobs.worker.poll-interval} (leases, due schedules, claims, gauges) and a claim as soon
 * as a job is queued on any instance (its {@code job.changed} event on the bus: this instance's
 * after the commit, others' within milliseconds). Off on an instance with {@code
 * storeplane.jobs.worker.enabled=false}: it still queues and reads jobs.
 */
@Startup
@ApplicationScoped
public class JobWorker {

  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  private final JobsConfig config;
  private final JobEngine engine;
  private final EventBus bus;
  private volatile Subscription queued;

  /**
   * Where a wake claims: one thread, kept (the JDK's common pool, on a machine of two cores or
   * fewer, starts a thread per task). Wakes that arrive during a claim are coalesced by {@link
   * JobEngine#claim()}.
   */
  private final ExecutorService claimer =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "storeplane-job-claimer");
            thread.setDaemon(true);
            return thread;
          });

  JobWorker(JobsConfig config, JobEngine engine, EventBus bus) {
    this.config = config;
    this.engine = engine;
    this.bus = bus;
  }

  void start(@Observes StartupEvent started) {
    if (config.worker().enabled()) {
      engine.registerSchedules();
      queued = bus.subscribe(JobChangesOnBus.JOB_CHANGED, this::wake);
    }
  }

  @Scheduled(
      every = "${storeplane.jobs.worker.poll-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void tick() {
    if (!config.worker().enabled()) {
      return;
    }
    try {
      engine.poll();
    } catch (RuntimeException e) {
      LOG.error("Job worker round failed; the next round tries again", e);
    }
  }

  /** A job was queued or requeued (a retry, a cancel to carry out): claim now, off this thread. */
  private void wake(JobChanged changed) {
    if (changed.status() == JobStatus.QUEUED) {
      try {
        claimer.execute(
            () -> {
              try {
                engine.claim();
              } catch (RuntimeException e) {
                LOG.error("Claiming after a job was queued failed; the next round tries again", e);
              }
            });
      } catch (RejectedExecutionException stopping) {
        // the application is stopping: nothing more is claimed
      }
    }
  }

  /** Stops claiming as soon as the application stops, while the master database is still open. */
  void stop(@Observes ShutdownEvent event) {
    if (queued != null) {
      queued.close();
    }
    claimer.shutdown();
    try {
      // a claim under way ends before the engine closes: no job is claimed that nothing runs
      if (!claimer.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("A claim still ran 5 s after shutdown began; closing the engine anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    engine.close();
  }
}
