package io.storeplane.master.schema;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

/**
 * The schema-version ledger: per store and client schema version, its state, attempts, timing,
 * checksum, the error of a failed attempt and the rollout that applied it. The one writer of {@code
 * store_schema_versions}; a store's current version ({@link #currentVersion}) is its newest APPLIED
 * row, so the platform knows it without opening the store's database.
 *
 * <p>Each method is one short master transaction, or joins the caller's (provisioning records what
 * a new store's database reached in the transaction that saves its connection). Error messages are
 * cut to the column's 2,000 characters; callers pass messages that never hold a secret (the store
 * database's own error texts, not connection strings).
 */
@ApplicationScoped
@Transactional
public class SchemaLedger {

  /** The longest error message kept. */
  static final int MESSAGE_LENGTH = 2000;

  private final StoreSchemaVersionRepository rows;
  private final Clock clock;

  SchemaLedger(StoreSchemaVersionRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  /** The store's newest APPLIED version; 0 when the ledger knows none. */
  public int currentVersion(UUID storeId) {
    return rows.currentVersion(storeId);
  }

  /** Every row of the store, oldest version first. */
  public List<StoreSchemaVersion> versions(UUID storeId) {
    return rows.listForStore(storeId);
  }

  /**
   * Provisioning: the store's database is at {@code reached.version()}. Every version up to it
   * becomes APPLIED (those up to {@code reached.foundAt()} by {@code foundBy}, the rest by {@code
   * appliedBy}, with one attempt); a row already APPLIED is left as it is, so a re-run of the step
   * changes nothing.
   */
  public void recordReached(UUID storeId, SchemaReached reached) {
    Instant now = clock.instant();
    // one read of the store's rows, and each new row inserted as it ends (not inserted, then
    // updated): a new store's ledger costs one query and one insert per version
    Map<Integer, StoreSchemaVersion> kept = new HashMap<>();
    for (StoreSchemaVersion row : rows.listForStore(storeId)) {
      kept.put(row.version, row);
    }
    for (int version = 1; version <= reached.version(); version++) {
      StoreSchemaVersion row = kept.get(version);
      boolean isNew = row == null;
      if (isNew) {
        row = newRow(storeId, version, now);
      }
      row.checksum = reached.checksums().applyAsInt(version);
      if (row.state != SchemaVersionState.APPLIED) {
        boolean found = version <= reached.foundAt();
        row.path = found ? reached.foundBy() : reached.appliedBy();
        row.state = SchemaVersionState.APPLIED;
        row.attempts = found ? row.attempts : row.attempts + 1;
        row.finishedAt = now;
        row.errorCode = null;
        row.errorMessage = null;
        row.updatedAt = now;
      }
      if (isNew) {
        rows.persist(row);
      }
    }
  }

  /**
   * A migration run starts: versions {@code from + 1} to {@code target} become PENDING for {@code
   * rolloutId} (null: not a rollout's), and the first of them RUNNING with one attempt more.
   */
  public void begin(
      UUID storeId, int from, int target, UUID rolloutId, IntUnaryOperator checksums) {
    Instant now = clock.instant();
    for (int version = from + 1; version <= target; version++) {
      StoreSchemaVersion row = rowFor(storeId, version, checksums);
      row.state = SchemaVersionState.PENDING;
      row.path = SchemaPath.MIGRATION;
      row.rolloutId = rolloutId;
      row.errorCode = null;
      row.errorMessage = null;
      row.updatedAt = now;
    }
    running(storeId, from + 1, now);
  }

  /** A version was applied; {@code next} (0: none) starts RUNNING in the same transaction. */
  public void applied(UUID storeId, int version, int next) {
    Instant now = clock.instant();
    StoreSchemaVersion row = existing(storeId, version);
    row.state = SchemaVersionState.APPLIED;
    finish(row, now);
    if (next > 0) {
      running(storeId, next, now);
    }
  }

  /**
   * A version failed: its row keeps the error code and message; the run's versions after it that
   * were still PENDING become SKIPPED.
   */
  public void failed(UUID storeId, int version, String errorCode, String message) {
    Instant now = clock.instant();
    StoreSchemaVersion row = existing(storeId, version);
    row.state = SchemaVersionState.FAILED;
    row.errorCode = errorCode;
    row.errorMessage =
        message == null || message.length() <= MESSAGE_LENGTH
            ? message
            : message.substring(0, MESSAGE_LENGTH - 1) + "…";
    finish(row, now);
    for (StoreSchemaVersion later : rows.listForStore(storeId)) {
      if (later.version > version && later.state == SchemaVersionState.PENDING) {
        later.state = SchemaVersionState.SKIPPED;
        later.updatedAt = now;
      }
    }
  }

  /** The store's database is gone (purged, or a failed first provisioning forgot it). */
  public void forget(UUID storeId) {
    rows.deleteForStore(storeId);
  }

  private void running(UUID storeId, int version, Instant now) {
    StoreSchemaVersion row = existing(storeId, version);
    row.state = SchemaVersionState.RUNNING;
    row.attempts++;
    row.startedAt = now;
    row.finishedAt = null;
    row.durationMs = null;
    row.updatedAt = now;
  }

  private static void finish(StoreSchemaVersion row, Instant now) {
    row.finishedAt = now;
    row.durationMs = row.startedAt == null ? null : Duration.between(row.startedAt, now).toMillis();
    row.updatedAt = now;
  }

  private StoreSchemaVersion existing(UUID storeId, int version) {
    return rows.find(storeId, version)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "The ledger has no row of store %s version %d".formatted(storeId, version)));
  }

  private StoreSchemaVersion rowFor(UUID storeId, int version, IntUnaryOperator checksums) {
    StoreSchemaVersion row = rows.find(storeId, version).orElse(null);
    if (row == null) {
      row = newRow(storeId, version, clock.instant());
      rows.persist(row);
    }
    row.checksum = checksums.applyAsInt(version);
    return row;
  }

  /** A row not yet persisted: PENDING, to be applied by a migration. */
  private static StoreSchemaVersion newRow(UUID storeId, int version, Instant now) {
    StoreSchemaVersion row = new StoreSchemaVersion();
    row.storeId = storeId;
    row.version = version;
    row.state = SchemaVersionState.PENDING;
    row.path = SchemaPath.MIGRATION;
    row.updatedAt = now;
    return row;
  }
}
