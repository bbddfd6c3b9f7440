package io.storeplane.provisioning.job;

import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.seed.ClientSeeder;
import io.storeplane.clientschema.seed.SeedResult;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.job.JobStatus;
import io.storeplane.master.job.StepStatus;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.provider.DatabaseFailures;
import io.storeplane.provisioning.provider.DatabaseProvider;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.provider.ExistingSchema;
import io.storeplane.provisioning.provider.ProvisioningContext;
import io.storeplane.provisioning.provider.SchemaChannel;
import io.storeplane.provisioning.provider.StepResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Step steps} of one claimed job, recording each. Framework-free: time comes from
 * the given {@link Clock}, retries from the {@link RetryPolicy}. A job runs every step on every
 * attempt; the steps are idempotent, so a job resumed after a dead worker's lease expired ends
 * exactly as an uninterrupted one. Cancellation is honoured before each step.
 */
public final class JobRunner {

  /** Parameter: how many times the job has failed (retries count against the limit). */
  static final String FAILURES = "failures";

  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  private final JobRecords records;
  private final DatabaseProviders providers;
  private final RetryPolicy retry;
  private final Clock clock;
  private final SeedValuesSource seedValues;
  private final JobListener listener;

  /** The seed values for a store (name from the store, the rest from configuration). */
  @FunctionalInterface
  public interface SeedValuesSource {
    SeedValues forStore(String storeName);
  }

  /** Told after every recorded change of a job, on the worker's thread; must not block. */
  @FunctionalInterface
  public interface JobListener {

    /** A listener that does nothing. */
    JobListener NONE = (job, step, status) -> {};

    void changed(ClaimedJob job, Step step, StepStatus status);
  }

  public JobRunner(
      JobRecords records,
      DatabaseProviders providers,
      RetryPolicy retry,
      Clock clock,
      SeedValuesSource seedValues,
      JobListener listener) {
    this.records = records;
    this.providers = providers;
    this.retry = retry;
    this.clock = clock;
    this.seedValues = seedValues;
    this.listener = listener;
  }

  /** Runs the job to its end, a retry or a wait; returns quietly if the lease is lost. */
  public void run(ClaimedJob job, String worker) {
    DatabaseProvider provider = providers.of(job.databaseType());
    ProvisioningContext context =
        new ProvisioningContext(
            job.id(),
            job.storeId(),
            job.storeSlug(),
            job.storeName(),
            job.databaseType(),
            job.parameters());
    State state = new State();
    for (Step step : Step.values()) {
      if (records.cancelRequested(job.id())) {
        cancel(job, worker, provider, context);
        return;
      }
      records.stepStarted(job.id(), worker, step, job.attempt(), clock.instant());
      StepResult result;
      try {
        result = execute(step, job, worker, provider, context, state);
      } catch (LeaseLostException lost) {
        throw lost;
      } catch (RuntimeException e) {
        ProvisioningException failure = DatabaseFailures.translate("Step " + step.wireName(), e);
        records.stepFinished(
            job.id(),
            worker,
            step,
            job.attempt(),
            StepStatus.FAILED,
            failure.getMessage(),
            context.parameters(),
            clock.instant());
        listener.changed(job, step, StepStatus.FAILED);
        fail(job, worker, provider, context, step, failure);
        return;
      }
      StepStatus status =
          result.outcome() == StepResult.Outcome.SKIPPED
              ? StepStatus.SKIPPED
              : StepStatus.SUCCEEDED;
      records.stepFinished(
          job.id(),
          worker,
          step,
          job.attempt(),
          status,
          result.message(),
          context.parameters(),
          clock.instant());
      listener.changed(job, step, status);
      if (result.outcome() == StepResult.Outcome.WAITING) {
        records.requeue(
            job.id(),
            worker,
            result.waitUntil().orElseThrow(),
            result.message(),
            null,
            null,
            context.parameters(),
            clock.instant());
        return;
      }
    }
    String message =
        state.alreadyCurrent && state.seeded == 0
            ? "Store database already at version %d; nothing changed"
                .formatted(ClientSchema.currentVersion())
            : "Store database ready at client schema version %d (%d tables, %d seed rows)"
                .formatted(ClientSchema.currentVersion(), state.tables, state.seeded);
    records.finish(
        job.id(),
        worker,
        JobStatus.SUCCEEDED,
        message,
        null,
        null,
        context.parameters(),
        clock.instant());
    listener.changed(job, Step.ACTIVATE_STORE, StepStatus.SUCCEEDED);
    LOG.infof("Job %s for store %s succeeded: %s", job.id(), job.storeSlug(), message);
  }

  private StepResult execute(
      Step step,
      ClaimedJob job,
      String worker,
      DatabaseProvider provider,
      ProvisioningContext context,
      State state) {
    return switch (step) {
      case TEST_CONNECTION -> provider.testConnection(context);
      case INSPECT_EXISTING_TABLES ->
          provider
              .schemaChannel(context)
              .map(SchemaChannel::inspect)
              .orElseGet(() -> inspect(provider, context));
      case CREATE_DATABASE -> provider.createDatabase(context);
      case APPLY_SCHEMA -> {
        Optional<SchemaChannel> channel = provider.schemaChannel(context);
        yield channel.isPresent()
            ? applySchema(job, worker, channel.get(), state)
            : applySchema(job, worker, provider, context, state);
      }
      case SEED -> {
        Optional<SchemaChannel> channel = provider.schemaChannel(context);
        yield channel.isPresent()
            ? seed(channel.get(), context, state)
            : seed(provider, context, state);
      }
      case SAVE_CONNECTION -> provider.saveConnection(context, ClientSchema.currentVersion());
      case ACTIVATE_STORE -> StepResult.done("Store database is active");
    };
  }

  private StepResult inspect(DatabaseProvider provider, ProvisioningContext context) {
    if (context.databaseType().managed()) {
      Optional<DatabaseLogin> saved = savedDatabase(provider, context);
      if (saved.isEmpty()) {
        return StepResult.skipped("The platform creates this database: nothing to inspect yet");
      }
    }
    DatabaseLogin database = provider.storeDatabase(context);
    try (Connection connection = database.open()) {
      return ExistingSchema.judge(CatalogInspector.inspect(connection, database.dialect()));
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Inspecting " + database.database(), e);
    }
  }

  private Optional<DatabaseLogin> savedDatabase(
      DatabaseProvider provider, ProvisioningContext context) {
    try {
      return Optional.of(provider.storeDatabase(context));
    } catch (ProvisioningException notSaved) {
      return Optional.empty();
    }
  }

  private StepResult applySchema(
      ClaimedJob job,
      String worker,
      DatabaseProvider provider,
      ProvisioningContext context,
      State state) {
    DatabaseLogin database = provider.storeDatabase(context);
    ClientSchemaMigrator migrator =
        new ClientSchemaMigrator(database.dataSource(), database.dialect());
    Manifest manifest = ClientSchema.manifest();
    int current = ClientSchema.currentVersion();
    OptionalInt cloned = provider.clonedSchemaVersion(context);
    int from = cloned.isPresent() ? cloned.getAsInt() : migrator.installedVersion();
    int applied = 0;
    for (int version = from + 1; version <= current; version++) {
      applied += migrator.migrateTo(version).migrationsApplied();
      int tables = tablesPresent(database, manifest);
      int progress =
          Step.APPLY_SCHEMA.progressBefore()
              + (Step.APPLY_SCHEMA.progressWhenDone() - Step.APPLY_SCHEMA.progressBefore())
                  * tables
                  / manifest.totalTables();
      records.progress(
          job.id(),
          worker,
          progress,
          tables,
          "Applied client schema version %d of %d (%d of %d tables)"
              .formatted(version, current, tables, manifest.totalTables()),
          clock.instant());
      listener.changed(job, Step.APPLY_SCHEMA, StepStatus.RUNNING);
    }
    state.tables = tablesPresent(database, manifest);
    records.progress(
        job.id(),
        worker,
        Step.APPLY_SCHEMA.progressBefore(),
        state.tables,
        "Schema applied",
        clock.instant());
    if (from == current && cloned.isPresent()) {
      return StepResult.skipped(
          "Schema cloned from the template at version %d; %d of %d tables present"
              .formatted(current, state.tables, manifest.totalTables()));
    }
    if (from == current) {
      state.alreadyCurrent = true;
      return StepResult.skipped("Already at version " + current);
    }
    return StepResult.done(
        "Migrated from version %d to %d (%d migration(s)); %d of %d tables present"
            .formatted(from, current, applied, state.tables, manifest.totalTables()));
  }

  /** The apply-schema step through a provider's own channel (no per-version progress). */
  private StepResult applySchema(
      ClaimedJob job, String worker, SchemaChannel channel, State state) {
    SchemaChannel.Applied applied = channel.apply();
    int total = ClientSchema.manifest().totalTables();
    state.tables = applied.tablesPresent();
    records.progress(
        job.id(),
        worker,
        Step.APPLY_SCHEMA.progressBefore(),
        state.tables,
        "Schema applied",
        clock.instant());
    listener.changed(job, Step.APPLY_SCHEMA, StepStatus.RUNNING);
    if (applied.migrationsApplied() == 0) {
      state.alreadyCurrent = true;
      return StepResult.skipped(
          "Already at version %d; %d of %d tables present"
              .formatted(applied.toVersion(), state.tables, total));
    }
    return StepResult.done(
        "Migrated from version %d to %d (%d migration(s)); %d of %d tables present"
            .formatted(
                applied.fromVersion(),
                applied.toVersion(),
                applied.migrationsApplied(),
                state.tables,
                total));
  }

  private StepResult seed(SchemaChannel channel, ProvisioningContext context, State state) {
    state.seeded = channel.seed(seedValues.forStore(context.storeName()));
    return state.seeded == 0
        ? StepResult.skipped("Seed rows already in place")
        : StepResult.done("Inserted %d seed row(s)".formatted(state.seeded));
  }

  private int tablesPresent(DatabaseLogin database, Manifest manifest) {
    try (Connection connection = database.open()) {
      return manifest.presentIn(CatalogInspector.inspect(connection, database.dialect())).size();
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Counting tables in " + database.database(), e);
    }
  }

  private StepResult seed(DatabaseProvider provider, ProvisioningContext context, State state) {
    DatabaseLogin database = provider.storeDatabase(context);
    try (Connection connection = database.open()) {
      SeedResult result =
          ClientSeeder.seed(
              connection, database.dialect(), seedValues.forStore(context.storeName()));
      state.seeded = result.total();
      return result.total() == 0
          ? StepResult.skipped("Seed rows already in place")
          : StepResult.done("Inserted %d seed row(s)".formatted(result.total()));
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Seeding " + database.database(), e);
    }
  }

  private void fail(
      ClaimedJob job,
      String worker,
      DatabaseProvider provider,
      ProvisioningContext context,
      Step step,
      ProvisioningException failure) {
    int failures = ((Number) context.parameters().getOrDefault(FAILURES, 0)).intValue() + 1;
    context.put(FAILURES, failures);
    Optional<Duration> delay = retry.retryAfter(failures, failure);
    Instant now = clock.instant();
    if (delay.isPresent()) {
      LOG.warnf(
          "Job %s for store %s: %s failed (try %d), retrying in %s: %s",
          job.id(), job.storeSlug(), step.wireName(), failures, delay.get(), failure.getMessage());
      records.requeue(
          job.id(),
          worker,
          now.plus(delay.get()),
          "Retrying in %ds after: %s".formatted(delay.get().toSeconds(), failure.getMessage()),
          failure.code().code(),
          failure.getMessage(),
          context.parameters(),
          now);
      return;
    }
    LOG.warnf(
        "Job %s for store %s failed at %s: %s",
        job.id(), job.storeSlug(), step.wireName(), failure.getMessage());
    String cleanUp = cleanUp(provider, context);
    records.finish(
        job.id(),
        worker,
        JobStatus.FAILED,
        "Failed at " + step.wireName() + cleanUp,
        failure.code().code(),
        failure.getMessage(),
        context.parameters(),
        clock.instant());
    listener.changed(job, step, StepStatus.FAILED);
  }

  private void cancel(
      ClaimedJob job, String worker, DatabaseProvider provider, ProvisioningContext context) {
    String cleanUp = cleanUp(provider, context);
    records.finish(
        job.id(),
        worker,
        JobStatus.CANCELLED,
        "Cancelled" + cleanUp,
        null,
        null,
        context.parameters(),
        clock.instant());
    listener.changed(job, Step.TEST_CONNECTION, StepStatus.SKIPPED);
    LOG.infof("Job %s for store %s cancelled", job.id(), job.storeSlug());
  }

  private String cleanUp(DatabaseProvider provider, ProvisioningContext context) {
    try {
      provider.cleanUp(context);
      return "; what the job created was removed";
    } catch (RuntimeException e) {
      LOG.errorf(e, "Cleaning up after job %s failed", context.jobId());
      return "; clean-up failed: " + e.getMessage();
    }
  }

  /** What the steps of one run found, for the final message. */
  private static final class State {
    boolean alreadyCurrent;
    int tables;
    int seeded;
  }
}
