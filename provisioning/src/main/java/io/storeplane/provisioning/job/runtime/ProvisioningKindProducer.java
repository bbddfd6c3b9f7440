package io.storeplane.provisioning.job.runtime;

import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.RetryPolicy;
import io.storeplane.master.schema.StoreSchemaLock;
import io.storeplane.master.store.StoreLifecycle;
import io.storeplane.provisioning.ProvisioningConfig;
import io.storeplane.provisioning.job.ProvisioningKind;
import io.storeplane.provisioning.provider.DatabaseProviders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Quarkus glue: registers the provisioning kind with the job engine (the bean is a {@code
 * JobKind}), built from {@code storeplane.provisioning.*} (retry policy, parallelism limits, seed
 * values). A job's end moves its store's database status through {@link StoreLifecycle}, in the
 * transaction that ends the job.
 */
@ApplicationScoped
public class ProvisioningKindProducer {

  @Produces
  @Singleton
  ProvisioningKind provisioningKind(
      ProvisioningConfig config,
      DatabaseProviders providers,
      StoreSchemaLock schemaLock,
      Clock clock,
      StoreLifecycle lifecycle) {
    return create(config, providers, schemaLock, clock, lifecycle);
  }

  /** The kind as configured: its own instance for a test that wants a different retry policy. */
  public static ProvisioningKind create(
      ProvisioningConfig config,
      DatabaseProviders providers,
      StoreSchemaLock schemaLock,
      Clock clock,
      StoreLifecycle lifecycle) {
    ProvisioningConfig.Retry retry = config.retry();
    ProvisioningConfig.Seed seed = config.seed();
    return create(
        providers,
        schemaLock,
        clock,
        RetryPolicy.exponential(retry.initialBackoff(), retry.maxBackoff(), retry.maxAttempts()),
        new JobLimits(config.parallelism().maxRunning(), config.parallelism().maxPerServer()),
        storeName -> new SeedValues(storeName, seed.currency(), seed.locale(), seed.timezone()),
        lifecycle);
  }

  /** The kind with the given policy, limits and seed values. */
  public static ProvisioningKind create(
      DatabaseProviders providers,
      StoreSchemaLock schemaLock,
      Clock clock,
      RetryPolicy retry,
      JobLimits limits,
      ProvisioningKind.SeedValuesSource seedValues,
      StoreLifecycle lifecycle) {
    return new ProvisioningKind(
        providers,
        schemaLock,
        clock,
        retry,
        limits,
        seedValues,
        (storeId, end) ->
            lifecycle.jobEnded(
                storeId,
                switch (end) {
                  case SUCCEEDED -> StoreLifecycle.JobEnd.SUCCEEDED;
                  case FAILED -> StoreLifecycle.JobEnd.FAILED;
                  case CANCELLED -> StoreLifecycle.JobEnd.STOPPED;
                  case CANCELLED_BEFORE_START -> StoreLifecycle.JobEnd.CANCELLED_BEFORE_START;
                }));
  }
}
