package io.storeplane.fleet.migrate;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.ErrorKind;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.FleetError;
import io.storeplane.jobs.JobError;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.master.schema.SchemaPath;
import io.storeplane.master.schema.SchemaReached;
import io.storeplane.master.schema.StoreSchemaLock;
import io.storeplane.provisioning.supabase.SupabaseException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Migrates one store's database to a client schema version: the step a rollout's job runs per
 * store. In order:
 *
 * <ol>
 *   <li>A store the ledger knows at or after the target is {@link MigrationOutcome#SKIPPED}: no
 *       lock, no store connection.
 *   <li>The store's schema lock ({@link StoreSchemaLock}, which provisioning's apply-schema and
 *       seed take too); held elsewhere: {@link MigrationOutcome#BUSY}, nothing done.
 *   <li>Under the lock the ledger is read again, then the store's history: versions it holds that
 *       the ledger lacks (a store from before the ledger) are recorded as adopted.
 *   <li>Each version after it up to the target is applied on its own, the ledger's rows going
 *       PENDING, RUNNING, APPLIED (or FAILED, the later ones SKIPPED), with attempts and timing.
 * </ol>
 *
 * <p>Every session in the store's database carries the {@link MigrationLimits}: a lock not granted
 * within the lock timeout (a long transaction on a table the version alters) fails the version with
 * {@link FleetError#SCHEMA_LOCK_TIMEOUT}, retryable, instead of queueing the store's queries behind
 * the migration. The result says what happened; nothing is thrown for a store's failure, not even
 * something unexpected (a driver's RuntimeException: {@code job-crashed}, not retryable). Only the
 * master not answering ({@link MasterDataException}) propagates.
 */
public final class StoreSchemaMigration {

  private static final Logger LOG = Logger.getLogger(StoreSchemaMigration.class);

  /**
   * SQLSTATEs and MySQL/MariaDB error numbers of a session that gave up waiting: PostgreSQL
   * lock_not_available and query_canceled (statement_timeout); MySQL lock wait timeout (row and
   * metadata locks) and max_execution_time; MariaDB max_statement_time.
   */
  private static final Set<String> TIMEOUT_STATES = Set.of("55P03", "57014");

  private static final Set<Integer> TIMEOUT_ERRORS = Set.of(1205, 3024, 1969);

  /**
   * MySQL/MariaDB errors about the data a statement met, whatever their SQLSTATE (a strict {@code
   * MODIFY ... NOT NULL} over NULLs is 1265 with SQLSTATE 01000): data truncated, invalid use of
   * NULL, column cannot be null, duplicate entry, incorrect value, data too long, CHECK failed
   * (MySQL 3819, MariaDB 4025).
   */
  private static final Set<Integer> DATA_ERRORS =
      Set.of(1265, 1138, 1048, 1062, 1366, 1406, 3819, 4025);

  private final SchemaLedger ledger;
  private final StoreSchemaLock lock;
  private final SchemaTargets targets;
  private final MigrationLimits limits;
  private final Clock clock;

  public StoreSchemaMigration(
      SchemaLedger ledger,
      StoreSchemaLock lock,
      SchemaTargets targets,
      MigrationLimits limits,
      Clock clock) {
    this.ledger = ledger;
    this.lock = lock;
    this.targets = targets;
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * Migrates {@code request.storeId()} to {@code request.targetVersion()}.
   *
   * @throws io.storeplane.clientschema.ClientSchemaException {@code unknown-schema-version} for a
   *     target this build does not have (a caller's mistake, before anything is done)
   */
  public MigrationResult migrate(MigrationRequest request) {
    ClientSchema.requireKnown(request.targetVersion());
    Instant start = clock.instant();
    UUID storeId = request.storeId();
    int target = request.targetVersion();
    int known = ledger.currentVersion(storeId);
    if (known >= target) {
      return skipped(request, known, start);
    }
    Optional<StoreSchemaLock.Held> held;
    try {
      held = lock.tryAcquire(storeId);
    } catch (SQLException e) {
      return busy(
          request, known, start, "The master did not answer the schema lock: " + e.getMessage());
    }
    if (held.isEmpty()) {
      return busy(request, known, start, "Another schema change of the store runs");
    }
    try (StoreSchemaLock.Held ignored = held.get()) {
      return migrateLocked(request, start);
    }
  }

  /**
   * The store's migration under its lock. Something unexpected it throws (a driver's
   * RuntimeException) is that store's failure, {@code job-crashed} and not retryable, rather than
   * the caller's: a rollout's worker failing instead would leave the store held until the sweep and
   * then hand it to the next worker to fail the same way. The master not answering ({@link
   * MasterDataException}) still propagates, since nothing could be recorded anyway.
   */
  private MigrationResult migrateLocked(MigrationRequest request, Instant start) {
    try {
      return migrateStore(request, start);
    } catch (MasterDataException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "Migrating store %s to client schema version %d failed unexpectedly",
          request.storeId(),
          request.targetVersion());
      int known = ledger.currentVersion(request.storeId());
      return failed(
          request,
          known,
          known,
          0,
          new ErrorAndCode(
              JobError.JOB_CRASHED.code(),
              "The migration failed unexpectedly: %s: %s"
                  .formatted(e.getClass().getSimpleName(), e.getMessage()),
              false),
          start);
    }
  }

  private MigrationResult migrateStore(MigrationRequest request, Instant start) {
    UUID storeId = request.storeId();
    int target = request.targetVersion();
    int known = ledger.currentVersion(storeId);
    if (known >= target) {
      return skipped(request, known, start);
    }
    SchemaTarget schema;
    try {
      schema = targets.of(storeId, limits);
    } catch (StoreplaneException e) {
      // nothing was begun: the ledger keeps what it had
      return failed(request, known, known, 0, e, start);
    }
    try (schema) {
      return migrateOn(schema, request, known, start);
    }
  }

  /** Migrates through {@code schema}, which the caller closes. */
  private MigrationResult migrateOn(
      SchemaTarget schema, MigrationRequest request, int known, Instant start) {
    UUID storeId = request.storeId();
    int target = request.targetVersion();
    int from;
    try {
      from = schema.installedVersion();
    } catch (StoreplaneException e) {
      // nothing was begun: the ledger keeps what it had
      return failed(request, known, known, 0, e, start);
    }
    Dialect dialect = schema.dialect();
    if (from > known) {
      ledger.recordReached(
          storeId,
          new SchemaReached(
              from,
              SchemaPath.ADOPTED,
              from,
              SchemaPath.ADOPTED,
              v -> ClientSchema.checksum(dialect, v)));
    }
    if (from >= target) {
      return skipped(request, from, start);
    }
    ledger.begin(
        storeId,
        from,
        target,
        request.rolloutId().orElse(null),
        v -> ClientSchema.checksum(dialect, v));
    int version = from;
    while (version < target) {
      int attempting = version + 1;
      try {
        schema.migrateTo(attempting);
      } catch (StoreplaneException e) {
        // only the version that failed is marked so; the ones after it stay as begun
        ErrorAndCode error = classify(e);
        ledger.failed(storeId, attempting, error.code(), error.message());
        return failed(request, from, version, version - from, e, start);
      }
      version = attempting;
      // a master write that fails here propagates: the version is applied in the store, and its
      // RUNNING row is taken for what the store's history holds by the next run (adopted above)
      ledger.applied(storeId, version, version < target ? version + 1 : 0);
    }
    LOG.infof("Store %s migrated from client schema version %d to %d", storeId, from, target);
    return new MigrationResult(
        storeId,
        MigrationOutcome.APPLIED,
        from,
        target,
        target - from,
        Optional.empty(),
        "Migrated from version %d to %d".formatted(from, target),
        false,
        Duration.between(start, clock.instant()));
  }

  private MigrationResult skipped(MigrationRequest request, int at, Instant start) {
    return new MigrationResult(
        request.storeId(),
        MigrationOutcome.SKIPPED,
        at,
        at,
        0,
        Optional.empty(),
        "Already at version %d (target %d)".formatted(at, request.targetVersion()),
        false,
        Duration.between(start, clock.instant()));
  }

  private MigrationResult busy(MigrationRequest request, int at, Instant start, String why) {
    return new MigrationResult(
        request.storeId(),
        MigrationOutcome.BUSY,
        at,
        at,
        0,
        Optional.of(FleetError.STORE_SCHEMA_BUSY.code()),
        why + "; nothing was done, try again later",
        true,
        Duration.between(start, clock.instant()));
  }

  private MigrationResult failed(
      MigrationRequest request,
      int from,
      int reached,
      int applied,
      StoreplaneException e,
      Instant start) {
    ErrorAndCode error = classify(e);
    LOG.warnf(
        "Migrating store %s to client schema version %d stopped at %d: %s",
        request.storeId(), request.targetVersion(), reached, error.message());
    return failed(request, from, reached, applied, error, start);
  }

  private MigrationResult failed(
      MigrationRequest request,
      int from,
      int reached,
      int applied,
      ErrorAndCode error,
      Instant start) {
    return new MigrationResult(
        request.storeId(),
        MigrationOutcome.FAILED,
        from,
        reached,
        applied,
        Optional.of(error.code()),
        error.message(),
        error.retryable(),
        Duration.between(start, clock.instant()));
  }

  /**
   * A failure's code: a lock or statement timeout anywhere in its causes is schema-lock-timeout.
   */
  static ErrorAndCode classify(StoreplaneException e) {
    if (timedOut(e)) {
      return new ErrorAndCode(
          FleetError.SCHEMA_LOCK_TIMEOUT.code(),
          "Gave up within the migration's lock or statement timeout, so as not to hold up the"
              + " store's traffic: "
              + e.getMessage(),
          true);
    }
    return new ErrorAndCode(
        e.code().code(),
        e.getMessage(),
        e.code().kind() == ErrorKind.UNAVAILABLE && !refusedData(e));
  }

  /**
   * Whether the store's database refused the migration because of the data it holds (SQLSTATE
   * classes 22 and 23, or {@link #DATA_ERRORS}: a NULL where NOT NULL arrives, a duplicate under a
   * new unique index): that does not pass by itself, so it is not worth retrying until the data
   * changes.
   */
  private static boolean refusedData(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException sql && DATA_ERRORS.contains(sql.getErrorCode())) {
        return true;
      }
      String state =
          t instanceof SQLException sql
              ? sql.getSQLState()
              : t instanceof SupabaseException supabase ? supabase.apiCode().orElse(null) : null;
      if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean timedOut(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && (TIMEOUT_STATES.contains(sql.getSQLState())
              || TIMEOUT_ERRORS.contains(sql.getErrorCode()))) {
        return true;
      }
      if (t instanceof SupabaseException supabase
          && supabase.apiCode().filter(TIMEOUT_STATES::contains).isPresent()) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** A failure as the ledger and the result carry it. */
  record ErrorAndCode(String code, String message, boolean retryable) {}
}
