package io.storeplane.api.jobs;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.runtime.JobsConfig;
import io.storeplane.provisioning.job.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Scheduling glue for the job engine (built by {@code jobs.runtime}): a round every {@code
 * storeplane.jobs.worker.poll-interval} (leases, due schedules, claims, gauges) and a claim right
 * after a job is queued on this instance. Off on an instance with {@code
 * storeplane.jobs.worker.enabled=false}: it still queues and reads jobs.
 */
@Startup
@ApplicationScoped
public class JobWorker {

  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  private final JobsConfig config;
  private final JobEngine engine;

  JobWorker(JobsConfig config, JobEngine engine) {
    this.config = config;
    this.engine = engine;
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

  void wake(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobService.JobQueued queued) {
    if (config.worker().enabled()) {
      CompletableFuture.runAsync(engine::claim);
    }
  }

  /** Stops claiming as soon as the application stops, while the master database is still open. */
  void stop(@Observes ShutdownEvent event) {
    engine.close();
  }
}
