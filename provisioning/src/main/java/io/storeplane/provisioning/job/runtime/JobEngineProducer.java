package io.storeplane.provisioning.job.runtime;

import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.job.JobEngine;
import io.storeplane.provisioning.job.JobRecords;
import io.storeplane.provisioning.job.JobRunner;
import io.storeplane.provisioning.job.RetryPolicy;
import io.storeplane.provisioning.provider.DatabaseProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Quarkus glue: one {@link JobRunner} and one {@link JobEngine} per application, built from {@code
 * storeplane.provisioning.*} (retry policy, seed values, worker threads and lease), with one worker
 * id per instance (the JVM's name and a random suffix, the lease owner of the jobs it claims). The
 * engine stops when the application does. The engine stays framework-free; the application's
 * scheduler drives it ({@link JobEngine#poll()}, {@link JobEngine#renewLeases()}). A job's changes
 * to a store reach the store's routes through {@code StoreChanged} events fired where the job
 * writes them, not through the engine.
 */
@ApplicationScoped
public class JobEngineProducer {

  private static final Logger LOG = Logger.getLogger(JobEngineProducer.class);

  @Produces
  @Singleton
  JobRunner jobRunner(
      ProvisioningConfig config, JobRecords records, DatabaseProviders providers, Clock clock) {
    ProvisioningConfig.Retry retry = config.retry();
    ProvisioningConfig.Seed seed = config.seed();
    return new JobRunner(
        records,
        providers,
        RetryPolicy.exponential(retry.initialBackoff(), retry.maxBackoff(), retry.maxAttempts()),
        clock,
        storeName -> new SeedValues(storeName, seed.currency(), seed.locale(), seed.timezone()),
        JobRunner.JobListener.NONE);
  }

  @Produces
  @Singleton
  JobEngine jobEngine(
      ProvisioningConfig config, JobRecords records, JobRunner runner, Clock clock) {
    String workerId =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    ProvisioningConfig.Worker worker = config.worker();
    LOG.infof(
        "Provisioning worker %s: %s, %d threads, lease %s",
        workerId, worker.enabled() ? "enabled" : "disabled", worker.threads(), worker.lease());
    return new JobEngine(workerId, records, runner, clock, worker.lease(), worker.threads());
  }

  /** Closes the engine when the application's beans go (the scheduler stops it earlier). */
  void close(@Disposes JobEngine engine) {
    engine.close();
  }
}
