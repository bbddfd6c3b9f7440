package io.storeplane.jobs.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.RunListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.TransactionManager;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Quarkus glue: the kinds every module registers (CDI beans implementing {@link JobKind}), one
 * {@link JobStore}, {@link JobRunner} and {@link JobEngine} per application, built from {@code
 * storeplane.jobs.*}, with one worker id per instance (the JVM's name and a random suffix, the
 * lease owner of the jobs it claims). Job changes are announced through the {@link JobChanges} bean
 * when one exists (the bus). The application's scheduler drives the engine ({@link
 * JobEngine#poll()}).
 */
@ApplicationScoped
public class JobEngineProducer {

  private static final Logger LOG = Logger.getLogger(JobEngineProducer.class);

  @Produces
  @Singleton
  JobKinds kinds(Instance<JobKind> kinds) {
    List<JobKind> all = kinds.stream().toList();
    return new JobKinds(all);
  }

  @Produces
  @Singleton
  JobStore store(
      DataSource master,
      TransactionManager transactions,
      JobKinds kinds,
      Instance<JobChanges> changes) {
    return new JobStore(
        new JtaJobTransactions(master, transactions),
        kinds,
        changes.isResolvable() ? changes.get() : JobChanges.NONE);
  }

  @Produces
  @Singleton
  JobMetrics metrics(Instance<MeterRegistry> registry) {
    return new JobMetrics(registry.isResolvable() ? registry.get() : null);
  }

  @Produces
  @Singleton
  JobRunner runner(JobStore store, Clock clock, JobMetrics metrics) {
    return new JobRunner(store, clock, RunListener.NONE, metrics);
  }

  @Produces
  @Singleton
  JobEngine engine(
      JobsConfig config, JobStore store, JobRunner runner, Clock clock, JobMetrics metrics) {
    String workerId =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    JobsConfig.Worker worker = config.worker();
    LOG.infof(
        "Job worker %s: %s, %d threads, lease %s, kinds %s",
        workerId,
        worker.enabled() ? "enabled" : "disabled",
        worker.threads(),
        worker.lease(),
        store.kinds().names());
    return new JobEngine(
        workerId,
        store,
        runner,
        clock,
        worker.lease(),
        worker.threads(),
        metrics,
        config.scheduledRetention());
  }

  /** Closes the engine when the application's beans go (the scheduler stops it earlier). */
  void close(@Disposes JobEngine engine) {
    engine.close();
  }
}
