package io.storeplane.provisioning;

import java.util.Locale;

/**
 * Stable codes for every failure the provisioning module reports (connections, jobs, providers).
 * Never rename one: clients key on them. The api module maps each {@link Kind} to an HTTP status.
 */
public enum ErrorCode {
  // --- connections to store databases (package connect) ---
  /** The store has no database connection configured yet. */
  STORE_NOT_CONNECTED(Kind.CONFLICT),
  /** The store's database failed repeatedly; calls fail fast until the cool-down ends. */
  STORE_DATABASE_UNAVAILABLE(Kind.UNAVAILABLE),
  /** No connection could be had within the wait: the global budget is exhausted. */
  CONNECTION_CAPACITY_EXHAUSTED(Kind.UNAVAILABLE),
  /** No store has that id. */
  STORE_NOT_FOUND(Kind.NOT_FOUND),
  /** The store is suspended or deleted: its database is not reachable through the platform. */
  STORE_DATABASE_SUSPENDED(Kind.CONFLICT),
  /** The store's backend has no adapter in this build (Supabase until its REST adapter lands). */
  STORE_BACKEND_NOT_SUPPORTED(Kind.CONFLICT),
  /** A statement on the store's database ran longer than the query timeout. */
  STORE_QUERY_TIMEOUT(Kind.UNAVAILABLE),
  /** The store's database refused a statement for a reason that is not the caller's input. */
  STORE_QUERY_FAILED(Kind.UNAVAILABLE),
  /** A store data request named a table the client schema does not have. */
  UNKNOWN_TABLE(Kind.INVALID),
  /** A store data request named a column its table does not have. */
  UNKNOWN_COLUMN(Kind.INVALID),
  /** A store data request is malformed: a filter, order, page or value does not fit its column. */
  INVALID_DATA_REQUEST(Kind.INVALID),
  /** A write broke a key, foreign key, NOT NULL or CHECK rule of the store's schema. */
  CONSTRAINT_VIOLATION(Kind.CONFLICT),
  /** No row of the table has that id. */
  ROW_NOT_FOUND(Kind.NOT_FOUND),

  // --- provisioning jobs and providers (packages job, provider) ---
  /** No provisioning job has that id. */
  JOB_NOT_FOUND(Kind.NOT_FOUND),
  /** The store already has a queued or running job. */
  JOB_ALREADY_ACTIVE(Kind.CONFLICT);

  /** What kind of failure a code is, so the api maps kinds, not every code. */
  public enum Kind {
    NOT_FOUND,
    CONFLICT,
    INVALID,
    /** The failure is on a store database's side or on capacity: 503, try again later. */
    UNAVAILABLE
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The code as it appears in problem types and logs, e.g. {@code job-not-found}. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
