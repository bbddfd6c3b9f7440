package io.storeplane.master.store;

import static io.storeplane.master.store.DatabaseStatus.ACTIVE;
import static io.storeplane.master.store.DatabaseStatus.FAILED;
import static io.storeplane.master.store.DatabaseStatus.NONE;
import static io.storeplane.master.store.DatabaseStatus.PROVISIONING;
import static io.storeplane.master.store.DatabaseStatus.SUSPENDED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every transition of a store's lifecycle, as data: the store statuses it may start from and, for
 * the transitions that move the database, the database status each allowed one leads to. A from
 * status that is not listed is refused ({@code store-transition-refused}, 409). The store's own
 * status after a transition follows from its suspension reasons ({@link SuspensionReason}); a new
 * transition (billing, relocation) is one more constant here and one method on {@link
 * StoreLifecycle}.
 */
public enum StoreTransition {
  /** A suspension reason is added. */
  SUSPEND(storeFrom(StoreStatus.ACTIVE, StoreStatus.SUSPENDED), null),
  /** Suspension reasons are lifted. */
  LIFT(storeFrom(StoreStatus.ACTIVE, StoreStatus.SUSPENDED), null),
  /** Soft deletion; deleting a deleted store changes nothing. */
  DELETE(EnumSet.allOf(StoreStatus.class), null),
  /** Deprovisioning suspends the database (its logins disabled). */
  SUSPEND_DATABASE(EnumSet.allOf(StoreStatus.class), map(ACTIVE, SUSPENDED, SUSPENDED, SUSPENDED)),
  /** The last reason disabling the database's logins is lifted. */
  RESUME_DATABASE(storeFrom(StoreStatus.ACTIVE, StoreStatus.SUSPENDED), map(SUSPENDED, ACTIVE)),
  /** A provisioning job is queued; a ready database stays ready while it re-checks. */
  REQUEST_DATABASE(
      storeFrom(StoreStatus.ACTIVE, StoreStatus.SUSPENDED),
      map(NONE, PROVISIONING, FAILED, PROVISIONING, PROVISIONING, PROVISIONING, ACTIVE, ACTIVE)),
  /** A provisioning job succeeded; a suspended database stays suspended. */
  JOB_SUCCEEDED(
      EnumSet.allOf(StoreStatus.class),
      map(
          NONE,
          ACTIVE,
          PROVISIONING,
          ACTIVE,
          FAILED,
          ACTIVE,
          ACTIVE,
          ACTIVE,
          SUSPENDED,
          SUSPENDED)),
  /** A provisioning job failed; a database that was ready stays ready. */
  JOB_FAILED(
      EnumSet.allOf(StoreStatus.class),
      map(
          NONE,
          FAILED,
          PROVISIONING,
          FAILED,
          FAILED,
          FAILED,
          ACTIVE,
          ACTIVE,
          SUSPENDED,
          SUSPENDED)),
  /** A provisioning job stopped (cancelled) after it named a database. */
  JOB_STOPPED(
      EnumSet.allOf(StoreStatus.class),
      map(NONE, NONE, PROVISIONING, FAILED, FAILED, FAILED, ACTIVE, ACTIVE, SUSPENDED, SUSPENDED)),
  /** A provisioning job stopped (cancelled) before any database was named, or before it ran. */
  JOB_STOPPED_EMPTY(
      EnumSet.allOf(StoreStatus.class),
      map(NONE, NONE, PROVISIONING, NONE, FAILED, FAILED, ACTIVE, ACTIVE, SUSPENDED, SUSPENDED)),
  /** The database was purged (dropped, or its connection forgotten). */
  PURGE_DATABASE(
      EnumSet.allOf(StoreStatus.class),
      map(PROVISIONING, NONE, ACTIVE, NONE, FAILED, NONE, SUSPENDED, NONE)),
  /** Where the database lives changed (placement, saved connection, relocation). */
  LOCATE_DATABASE(EnumSet.allOf(StoreStatus.class), null);

  private final Set<StoreStatus> storeFrom;
  private final Map<DatabaseStatus, DatabaseStatus> database;

  StoreTransition(Set<StoreStatus> storeFrom, Map<DatabaseStatus, DatabaseStatus> database) {
    this.storeFrom = Collections.unmodifiableSet(storeFrom);
    this.database = database == null ? null : Collections.unmodifiableMap(database);
  }

  /** The store statuses this transition may start from. */
  public Set<StoreStatus> storeFrom() {
    return storeFrom;
  }

  /** Whether this transition moves the database status at all. */
  public boolean movesDatabase() {
    return database != null;
  }

  /**
   * The database status this transition leads to from {@code from}; empty when it is refused. A
   * transition that does not move the database keeps any status.
   */
  public Optional<DatabaseStatus> databaseTo(DatabaseStatus from) {
    return database == null ? Optional.of(from) : Optional.ofNullable(database.get(from));
  }

  /** The name used in problems and docs, e.g. {@code suspend-database}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static Set<StoreStatus> storeFrom(StoreStatus... statuses) {
    return EnumSet.copyOf(Set.of(statuses));
  }

  private static Map<DatabaseStatus, DatabaseStatus> map(DatabaseStatus... fromTo) {
    Map<DatabaseStatus, DatabaseStatus> map = new EnumMap<>(DatabaseStatus.class);
    for (int i = 0; i < fromTo.length; i += 2) {
      map.put(fromTo[i], fromTo[i + 1]);
    }
    return map;
  }
}
