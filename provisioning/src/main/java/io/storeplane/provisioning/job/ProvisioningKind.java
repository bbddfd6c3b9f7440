package io.storeplane.provisioning.job;

import io.storeplane.clientschema.catalog.CatalogInspector;
import io.storeplane.clientschema.manifest.Manifest;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.seed.ClientSeeder;
import io.storeplane.clientschema.seed.SeedResult;
import io.storeplane.clientschema.seed.SeedValues;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.StoreplaneException;
import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobEnd;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.RetryPolicy;
import io.storeplane.jobs.StepOutcome;
import io.storeplane.master.schema.StoreSchemaLock;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.provider.DatabaseFailures;
import io.storeplane.provisioning.provider.DatabaseProvider;
import io.storeplane.provisioning.provider.DatabaseProviders;
import io.storeplane.provisioning.provider.ExistingSchema;
import io.storeplane.provisioning.provider.ProvisioningContext;
import io.storeplane.provisioning.provider.SchemaChannel;
import io.storeplane.provisioning.provider.VerifiedSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The provisioning kind: makes a store's database ready by running the {@link Step steps} in order,
 * asking the store's database provider to do each one. A job runs every step on every attempt; the
 * steps are idempotent, so a job taken over after its worker died ends exactly as an uninterrupted
 * one. Failures are classified by {@link DatabaseFailures}; a job that fails for good or is
 * cancelled removes what it created; its end moves the store's database status ({@code ended},
 * inside the transaction that ends the job).
 */
public final class ProvisioningKind implements JobKind {

  /** The kind's name, stored with every provisioning job. */
  public static final String NAME = "provisioning";

  /** Parameters every provisioning job carries (set when it is queued). */
  static final String STORE_SLUG = "storeSlug";

  static final String STORE_NAME = "storeName";
  static final String DATABASE_TYPE = "databaseType";
  static final String SCHEMA_VERSION = "schemaVersion";

  /** The seed values for a store (name from the store, the rest from configuration). */
  @FunctionalInterface
  public interface SeedValuesSource {
    SeedValues forStore(String storeName);
  }

  /**
   * How long a job waits when its store's schema lock is held (a migration of the store runs): the
   * job goes back to the queue and runs again from its first step.
   */
  public static final Duration SCHEMA_BUSY_WAIT = Duration.ofSeconds(5);

  /** How seed's message ends when it used a connection opened before the claim. */
  public static final String PRIMED = ", over a connection opened before the claim";

  private final DatabaseProviders providers;
  private final StoreSchemaLock schemaLock;
  private final Clock clock;
  private final RetryPolicy retry;
  private final JobLimits limits;
  private final SeedValuesSource seedValues;
  private final BiConsumer<UUID, JobEnd> storeHears;

  /**
   * @param schemaLock the per-store lock apply-schema and seed hold (one schema change per store)
   * @param clock the time a job waiting for the lock runs again is counted from
   * @param storeHears told (store id, how the job ended) inside the transaction that ends the job
   */
  public ProvisioningKind(
      DatabaseProviders providers,
      StoreSchemaLock schemaLock,
      Clock clock,
      RetryPolicy retry,
      JobLimits limits,
      SeedValuesSource seedValues,
      BiConsumer<UUID, JobEnd> storeHears) {
    this.providers = providers;
    this.schemaLock = schemaLock;
    this.clock = clock;
    this.retry = retry;
    this.limits = limits;
    this.seedValues = seedValues;
    this.storeHears = storeHears;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RetryPolicy retry() {
    return retry;
  }

  @Override
  public JobLimits limits() {
    return limits;
  }

  @Override
  public JobResult run(JobContext job) {
    ProvisioningContext context = context(job);
    DatabaseProvider provider = providers.of(context.databaseType());
    State state = new State();
    for (Step step : Step.values()) {
      JobContext.StepBody body = () -> execute(step, job, provider, context, state);
      StepOutcome outcome =
          masterOnly(step, provider, context)
              ? job.stepRecordedAfter(step.wireName(), step.progressWhenDone(), body)
              : job.step(step.wireName(), step.progressWhenDone(), body);
      if (outcome.waiting()) {
        return JobResult.waiting(outcome.waitUntil().orElseThrow(), outcome.message());
      }
    }
    String message =
        state.alreadyCurrent && state.seeded == 0
            ? "Store database already at version %d; nothing changed"
                .formatted(ClientSchema.currentVersion())
            : "Store database ready at client schema version %d (%d tables, %d seed rows)"
                .formatted(ClientSchema.currentVersion(), state.tables, state.seeded);
    return JobResult.succeeded(message);
  }

  /**
   * Whether {@code step} of this run reaches no database server and no provider API, only the
   * master database (or nothing): then the engine records its start with its end, in the job's next
   * write, and its master writes commit in that write's transaction. Decided from what the run
   * knows in memory. A warm-pool onboarding then writes one step boundary besides its claim and its
   * end: before seed, the one step that reaches the store's database; the placement, the claim and
   * the saved login commit with it, the hand-over with the end.
   */
  private static boolean masterOnly(
      Step step, DatabaseProvider provider, ProvisioningContext context) {
    return switch (step) {
      case TEST_CONNECTION -> provider.testsConnectionInMasterOnly(context);
      case SEED -> false;
      case INSPECT_EXISTING_TABLES, CREATE_DATABASE -> provider.takesWarmPoolDatabase(context);
      case APPLY_SCHEMA -> builtAtCurrentVersion(provider, context).isPresent();
      case SAVE_CONNECTION -> provider.savesConnectionInMasterOnly();
      case ACTIVATE_STORE -> true;
    };
  }

  @Override
  public StoreplaneException translate(String step, RuntimeException failure) {
    return DatabaseFailures.translate("Step " + step, failure);
  }

  @Override
  public String cleanUp(JobContext job) {
    ProvisioningContext context = context(job);
    return "; " + providers.of(context.databaseType()).cleanUp(context);
  }

  @Override
  public void ended(JobRecord job, JobEnd end) {
    storeHears.accept(job.storeId().orElseThrow(), end);
  }

  private static ProvisioningContext context(JobContext job) {
    return new ProvisioningContext(
        job.id(),
        job.storeId().orElseThrow(),
        (String) job.parameters().get(STORE_SLUG),
        (String) job.parameters().get(STORE_NAME),
        DatabaseType.valueOf((String) job.parameters().get(DATABASE_TYPE)),
        job.parameters(),
        job::saveParameters,
        job::beforeLeavingMaster,
        new HashMap<>());
  }

  private StepOutcome execute(
      Step step,
      JobContext job,
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
      case APPLY_SCHEMA ->
          asBuilt(provider, context, state)
              .orElseGet(
                  () ->
                      underSchemaLock(
                          context,
                          () -> {
                            Optional<SchemaChannel> channel = provider.schemaChannel(context);
                            return channel.isPresent()
                                ? applySchema(channel.get(), context, state)
                                : applySchema(job, provider, context, state);
                          }));
      case SEED ->
          underSchemaLock(
              context,
              () -> {
                Optional<SchemaChannel> channel = provider.schemaChannel(context);
                return channel.isPresent()
                    ? seed(channel.get(), context, state)
                    : seed(provider, context, state);
              });
      case SAVE_CONNECTION -> provider.saveConnection(context, ClientSchema.currentVersion());
      case ACTIVATE_STORE -> StepOutcome.done("Store database is active");
    };
  }

  /**
   * Runs {@code body} holding the store's schema lock; when a migration of the store holds it, the
   * job waits {@link #SCHEMA_BUSY_WAIT} and runs again, so provisioning and a migration of one
   * store never change its schema together.
   */
  private StepOutcome underSchemaLock(ProvisioningContext context, Supplier<StepOutcome> body) {
    Optional<StoreSchemaLock.Held> held;
    try {
      held = schemaLock.tryAcquire(context.storeId());
    } catch (SQLException e) {
      throw DatabaseFailures.translate(
          "Taking the schema lock of store " + context.storeSlug() + " in the master", e);
    }
    if (held.isEmpty()) {
      Instant until = clock.instant().plus(SCHEMA_BUSY_WAIT);
      return StepOutcome.waiting(
          until,
          "Store %s is busy: another schema change of it runs; trying again at %s"
              .formatted(context.storeSlug(), until));
    }
    try (StoreSchemaLock.Held lock = held.get()) {
      return body.get();
    }
  }

  private StepOutcome inspect(DatabaseProvider provider, ProvisioningContext context) {
    if (context.databaseType().managed()
        // a warm-pool database was chosen because the store has none saved
        && (provider.takesWarmPoolDatabase(context)
            || savedDatabase(provider, context).isEmpty())) {
      return StepOutcome.skipped("The platform creates this database: nothing to inspect yet");
    }
    DatabaseLogin database = provider.storeDatabase(context);
    try (Connection connection = database.open()) {
      return ExistingSchema.judge(CatalogInspector.inspect(connection, database.dialect()));
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Inspecting " + database.database(), e);
    }
  }

  private static Optional<DatabaseLogin> savedDatabase(
      DatabaseProvider provider, ProvisioningContext context) {
    try {
      return Optional.of(provider.storeDatabase(context));
    } catch (ProvisioningException notSaved) {
      return Optional.empty();
    }
  }

  /**
   * apply-schema of a database create-database brought in whole at the current version (a template
   * clone, a warm-pool database): checked when the template or the pool entry was built, so it
   * opens no connection, runs no Flyway and needs no schema lock (nothing changes); empty
   * otherwise.
   */
  private static Optional<StepOutcome> asBuilt(
      DatabaseProvider provider, ProvisioningContext context, State state) {
    Optional<VerifiedSchema> verified = builtAtCurrentVersion(provider, context);
    if (verified.isEmpty()) {
      return Optional.empty();
    }
    int current = ClientSchema.currentVersion();
    context.foundSchemaAt(current);
    state.tables = ClientSchema.manifest().totalTables();
    return Optional.of(
        StepOutcome.skipped(
                "Schema cloned from %s at version %d, checked when it was built; %d of %d tables"
                        .formatted(verified.get().source(), current, state.tables, state.tables)
                    + " present")
            .withUnitsDone(state.tables));
  }

  /**
   * How create-database brought the database in whole at the current version (a template clone, a
   * warm-pool database), so apply-schema has nothing to do; empty otherwise.
   */
  private static Optional<VerifiedSchema> builtAtCurrentVersion(
      DatabaseProvider provider, ProvisioningContext context) {
    return provider
        .verifiedSchema(context)
        .filter(verified -> verified.version() == ClientSchema.currentVersion());
  }

  private StepOutcome applySchema(
      JobContext job, DatabaseProvider provider, ProvisioningContext context, State state) {
    Manifest manifest = ClientSchema.manifest();
    int current = ClientSchema.currentVersion();
    Optional<VerifiedSchema> verified = provider.verifiedSchema(context);
    DatabaseLogin database = provider.storeDatabase(context);
    ClientSchemaMigrator migrator =
        new ClientSchemaMigrator(database.dataSource(), database.dialect());
    int from = verified.isPresent() ? verified.get().version() : migrator.installedVersion();
    context.foundSchemaAt(from);
    int applied = 0;
    if (from == current) {
      // nothing to apply by the history: the migrator still checks the catalog against the
      // manifest (tables counted, not assumed) and finishes an interrupted migration
      applied += migrator.migrateTo(current).migrationsApplied();
    }
    for (int version = from + 1; version <= current; version++) {
      applied += migrator.migrateTo(version).migrationsApplied();
      int tables = tablesPresent(database, manifest);
      int progress =
          Step.APPLY_SCHEMA.progressBefore()
              + (Step.APPLY_SCHEMA.progressWhenDone() - Step.APPLY_SCHEMA.progressBefore())
                  * tables
                  / manifest.totalTables();
      job.progress(
          progress,
          tables,
          "Applied client schema version %d of %d (%d of %d tables)"
              .formatted(version, current, tables, manifest.totalTables()));
    }
    state.tables = tablesPresent(database, manifest);
    if (from == current && applied == 0) {
      state.alreadyCurrent = true;
      return StepOutcome.skipped("Already at version " + current).withUnitsDone(state.tables);
    }
    return StepOutcome.done(
            "Migrated from version %d to %d (%d migration(s)); %d of %d tables present"
                .formatted(from, current, applied, state.tables, manifest.totalTables()))
        .withUnitsDone(state.tables);
  }

  /** The apply-schema step through a provider's own channel (no per-version progress). */
  private StepOutcome applySchema(SchemaChannel channel, ProvisioningContext context, State state) {
    SchemaChannel.Applied applied = channel.apply();
    context.foundSchemaAt(applied.fromVersion());
    int total = ClientSchema.manifest().totalTables();
    state.tables = applied.tablesPresent();
    if (applied.migrationsApplied() == 0) {
      state.alreadyCurrent = true;
      return StepOutcome.skipped(
              "Already at version %d; %d of %d tables present"
                  .formatted(applied.toVersion(), state.tables, total))
          .withUnitsDone(state.tables);
    }
    return StepOutcome.done(
            "Migrated from version %d to %d (%d migration(s)); %d of %d tables present"
                .formatted(
                    applied.fromVersion(),
                    applied.toVersion(),
                    applied.migrationsApplied(),
                    state.tables,
                    total))
        .withUnitsDone(state.tables);
  }

  private StepOutcome seed(SchemaChannel channel, ProvisioningContext context, State state) {
    state.seeded = channel.seed(seedValues.forStore(context.storeName()));
    return state.seeded == 0
        ? StepOutcome.skipped("Seed rows already in place")
        : StepOutcome.done("Inserted %d seed row(s)".formatted(state.seeded));
  }

  private static int tablesPresent(DatabaseLogin database, Manifest manifest) {
    try (Connection connection = database.open()) {
      return manifest.presentIn(CatalogInspector.inspect(connection, database.dialect())).size();
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Counting tables in " + database.database(), e);
    }
  }

  private StepOutcome seed(DatabaseProvider provider, ProvisioningContext context, State state) {
    DatabaseLogin database = provider.storeDatabase(context);
    Optional<Connection> primed = provider.openedBeforehand(context, database);
    try (Connection connection = primed.isPresent() ? primed.get() : database.open()) {
      SeedResult result =
          ClientSeeder.seed(
              connection, database.dialect(), seedValues.forStore(context.storeName()));
      state.seeded = result.total();
      String over = primed.isPresent() ? PRIMED : "";
      return result.total() == 0
          ? StepOutcome.skipped("Seed rows already in place" + over)
          : StepOutcome.done("Inserted %d seed row(s)%s".formatted(result.total(), over));
    } catch (SQLException e) {
      throw DatabaseFailures.translate("Seeding " + database.database(), e);
    }
  }

  /** What the steps of one run found, for the final message. */
  private static final class State {
    boolean alreadyCurrent;
    int tables;
    int seeded;
  }
}
