package io.storeplane.api;

import io.quarkus.arc.Arc;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.jobs.ClaimedJob;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.RetryPolicy;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.jobs.StepStatus;
import io.storeplane.master.schema.StoreSchemaLock;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.job.ProvisioningKind;
import io.storeplane.provisioning.job.Step;
import io.storeplane.provisioning.provider.DatabaseProvider;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.provider.ProvisioningContext;
import io.storeplane.provisioning.provider.SchemaChannel;
import io.storeplane.provisioning.provider.VerifiedSchema;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Jobs driven by the test instead of the background workers: the configuration that switches the
 * workers off (used by {@code SupabaseDoubleProfile.WorkersOff}, the one profile of such tests),
 * claims on a test clock, and provisioning runs that can crash after a step.
 */
public final class TestWorkers {

  /** The lease of a test claim. */
  public static final Duration LEASE = Duration.ofSeconds(30);

  /**
   * The configuration that switches this instance's workers off. The routes' version check runs
   * once an hour, so a test sees a store's route refreshed only by its {@code StoreChanged}.
   */
  public static final Map<String, String> WORKERS_OFF =
      Map.of(
          "storeplane.jobs.worker.enabled", "false",
          "storeplane.pools.version-check-interval", "1H");

  /** Runs one claimed provisioning job as a worker would. */
  @FunctionalInterface
  public interface Runner {
    void run(ClaimedJob job, String worker);
  }

  private TestWorkers() {}

  /** Claims {@code jobId} for {@code worker} at the clock's now. */
  public static ClaimedJob claim(JobStore records, String worker, Clock clock, UUID jobId) {
    return tryClaim(records, worker, clock, jobId).orElseThrow();
  }

  /** Claims {@code jobId} for {@code worker} at the clock's now, if it is runnable. */
  public static Optional<ClaimedJob> tryClaim(
      JobStore records, String worker, Clock clock, UUID jobId) {
    return records
        .claim(
            worker, clock.instant(), LEASE, 1, List.of(ProvisioningKind.NAME), Optional.of(jobId))
        .stream()
        .findFirst();
  }

  /**
   * Provisioning with short retries on {@code clock} that throws {@link SimulatedCrash} right after
   * {@code crashAfter} succeeded (null: never), leaving the job to its lease as a dead worker
   * would.
   */
  public static Runner runner(
      JobStore records, DatabaseProviders providers, Clock clock, Step crashAfter) {
    ProvisioningKind kind =
        new ProvisioningKind(
            providers,
            Arc.container().instance(StoreSchemaLock.class).get(),
            clock,
            RetryPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10), 3),
            JobLimits.NONE,
            name -> new SeedValues(name, "EUR", "en-US", "UTC"),
            // The store's registered kind hears how a job ended, in the transaction that ends it.
            (storeId, end) -> {});
    JobRunner runner =
        new JobRunner(
            records,
            clock,
            (job, step, status) -> {
              if (crashAfter != null
                  && step.equals(crashAfter.wireName())
                  && status == StepStatus.SUCCEEDED) {
                throw new SimulatedCrash();
              }
            },
            JobMetrics.none());
    return (job, worker) -> runner.run(kind, job, worker);
  }

  /**
   * Provisioning whose worker dies inside create-database, right after the store's database and
   * login appeared on the server and before the step's end is recorded (a kill -9 at that moment),
   * leaving the job to its lease.
   */
  public static Runner runnerDyingInsideCreateDatabase(
      JobStore records, DatabaseProviders providers, Clock clock) {
    return runnerThrowingInsideCreateDatabase(records, providers, clock, SimulatedCrash::new);
  }

  /**
   * Provisioning whose create-database throws {@code thrown} once it has done its work (a {@link
   * SimulatedCrash}: the worker dies; a RuntimeException: the step fails, and is retried as its
   * kind decides).
   */
  public static Runner runnerThrowingInsideCreateDatabase(
      JobStore records,
      DatabaseProviders providers,
      Clock clock,
      Supplier<? extends Throwable> thrown) {
    return runnerThrowingInside(Step.CREATE_DATABASE, records, providers, clock, thrown);
  }

  /**
   * Provisioning whose {@code step} (test-connection or create-database) throws {@code thrown} once
   * it has done its work.
   */
  public static Runner runnerThrowingInside(
      Step step,
      JobStore records,
      DatabaseProviders providers,
      Clock clock,
      Supplier<? extends Throwable> thrown) {
    if (step != Step.TEST_CONNECTION && step != Step.CREATE_DATABASE) {
      throw new IllegalArgumentException("Throws inside test-connection or create-database only");
    }
    List<DatabaseProvider> throwing = new ArrayList<>();
    for (DatabaseType type : DatabaseType.values()) {
      throwing.add(new ThrowsAfterStep(providers.of(type), step, thrown));
    }
    return runner(records, DatabaseProviders.of(throwing), clock, null);
  }

  /** A provider whose test-connection or create-database throws once it has done its work. */
  private static final class ThrowsAfterStep implements DatabaseProvider {

    private final DatabaseProvider provider;
    private final Step step;
    private final Supplier<? extends Throwable> thrown;

    ThrowsAfterStep(DatabaseProvider provider, Step step, Supplier<? extends Throwable> thrown) {
      this.provider = provider;
      this.step = step;
      this.thrown = thrown;
    }

    @Override
    public StepOutcome createDatabase(ProvisioningContext context) {
      StepOutcome done = provider.createDatabase(context);
      return step == Step.CREATE_DATABASE ? fail() : done;
    }

    @Override
    public StepOutcome testConnection(ProvisioningContext context) {
      StepOutcome done = provider.testConnection(context);
      return step == Step.TEST_CONNECTION ? fail() : done;
    }

    private StepOutcome fail() {
      Throwable failure = thrown.get();
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) failure;
    }

    @Override
    public DatabaseType type() {
      return provider.type();
    }

    @Override
    public boolean available() {
      return provider.available();
    }

    @Override
    public Optional<VerifiedSchema> verifiedSchema(ProvisioningContext context) {
      return provider.verifiedSchema(context);
    }

    @Override
    public Optional<SchemaChannel> schemaChannel(ProvisioningContext context) {
      return provider.schemaChannel(context);
    }

    @Override
    public boolean testsConnectionInMasterOnly(ProvisioningContext context) {
      return provider.testsConnectionInMasterOnly(context);
    }

    @Override
    public boolean takesWarmPoolDatabase(ProvisioningContext context) {
      return provider.takesWarmPoolDatabase(context);
    }

    @Override
    public Optional<Connection> openedBeforehand(
        ProvisioningContext context, DatabaseLogin database) {
      return provider.openedBeforehand(context, database);
    }

    @Override
    public boolean savesConnectionInMasterOnly() {
      return provider.savesConnectionInMasterOnly();
    }

    @Override
    public DatabaseLogin storeDatabase(ProvisioningContext context) {
      return provider.storeDatabase(context);
    }

    @Override
    public StepOutcome saveConnection(ProvisioningContext context, int schemaVersion) {
      return provider.saveConnection(context, schemaVersion);
    }

    @Override
    public String cleanUp(ProvisioningContext context) {
      return provider.cleanUp(context);
    }

    @Override
    public String suspend(Store store) {
      return provider.suspend(store);
    }

    @Override
    public String resume(Store store) {
      return provider.resume(store);
    }

    @Override
    public String purge(Store store) {
      return provider.purge(store);
    }
  }
}
