package io.storeplane.provisioning.pool.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.storeplane.jobs.JobStore;
import io.storeplane.master.secret.SecretCipher;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.job.ProvisioningKind;
import io.storeplane.provisioning.pool.PoolEntries;
import io.storeplane.provisioning.pool.PrimedConnections;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.pool.WarmPoolMetrics;
import io.storeplane.provisioning.pool.WarmPoolRefillKind;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Quarkus glue: one {@link WarmPool} on the master's datasource, sized by {@code
 * storeplane.provisioning.warm-pool.*}, its metrics in the application's registry, and its refill
 * kind registered with the job engine (the bean is a {@code JobKind}). A claim queues a refill
 * ({@link WarmPoolRefillKind#queue}) through a {@link RefillQueuer}, off the claim's thread. The
 * pool yields to the onboarding jobs ({@link ProvisioningKind}) of the whole cluster.
 */
@ApplicationScoped
public class WarmPoolProducer {

  @Produces
  @Singleton
  WarmPool warmPool(
      ProvisioningConfig config,
      DatabaseServerService servers,
      TemplateDatabases templates,
      DataSource master,
      SecretCipher cipher,
      Clock clock,
      Instance<MeterRegistry> registry,
      Instance<JobStore> jobs,
      PrimedConnections primed,
      RefillQueuer refillQueuer) {
    return new WarmPool(
        servers,
        templates,
        new PoolEntries(master, cipher),
        config.warmPool().size(),
        clock,
        new WarmPoolMetrics(registry.isResolvable() ? registry.get() : null),
        refillQueuer,
        () ->
            jobs.get()
                .activeWithin(ProvisioningKind.NAME, clock.instant(), WarmPoolRefillKind.QUIET),
        primed);
  }

  /** Queues a refill after a claim, off the claim's thread; stopped at shutdown. */
  @Produces
  @Singleton
  @Typed(RefillQueuer.class)
  RefillQueuer refillQueuer(Instance<JobStore> jobs, Clock clock) {
    return new RefillQueuer(jobs::get, clock);
  }

  void close(@Disposes RefillQueuer queuer) {
    queuer.close();
  }

  /** This instance's primed connections into the entries claimed next; closed at shutdown. */
  @Produces
  @Singleton
  PrimedConnections primedConnections(
      ProvisioningConfig config, DataSource master, SecretCipher cipher, Clock clock) {
    return new PrimedConnections(
        new PoolEntries(master, cipher), config.warmPool().primedConnections(), clock);
  }

  void close(@Disposes PrimedConnections primed) {
    primed.close();
  }

  @Produces
  @Singleton
  WarmPoolRefillKind refillKind(
      WarmPool pool, DatabaseServerService servers, ProvisioningConfig config, Clock clock) {
    return new WarmPoolRefillKind(
        pool, WarmPoolRefillKind.all(servers), config.warmPool().refillInterval(), clock);
  }
}
