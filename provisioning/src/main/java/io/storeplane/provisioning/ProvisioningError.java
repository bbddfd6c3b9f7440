package io.storeplane.provisioning;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * Stable codes for every failure the provisioning module reports (connections, jobs, providers).
 * Never rename one: clients key on them. The api module maps each {@link ErrorKind} to an HTTP
 * status.
 */
public enum ProvisioningError implements ErrorCode {
  // --- connections to store databases (package connect) ---
  /** The store has no database connection configured yet. */
  STORE_NOT_CONNECTED(ErrorKind.CONFLICT),
  /** The store's database failed repeatedly; calls fail fast until the cool-down ends. */
  STORE_DATABASE_UNAVAILABLE(ErrorKind.UNAVAILABLE),
  /** No connection could be had within the wait: the global budget is exhausted. */
  CONNECTION_CAPACITY_EXHAUSTED(ErrorKind.UNAVAILABLE),
  /** No store has that id. */
  STORE_NOT_FOUND(ErrorKind.NOT_FOUND),
  /** The store is suspended or deleted: its database is not reachable through the platform. */
  STORE_DATABASE_SUSPENDED(ErrorKind.CONFLICT),
  /**
   * The store's backend does not offer this access: a handle taken before the store moved to
   * another backend, or a Supabase store on a ConnectionManager built without a Data API client.
   */
  STORE_BACKEND_NOT_SUPPORTED(ErrorKind.CONFLICT),
  /** A statement on the store's database ran longer than the query timeout. */
  STORE_QUERY_TIMEOUT(ErrorKind.UNAVAILABLE),
  /** The store's database refused a statement for a reason that is not the caller's input. */
  STORE_QUERY_FAILED(ErrorKind.UNAVAILABLE),
  /**
   * The store's database lacks a table, column or constraint of the client schema (a migration was
   * interrupted, or objects were dropped by hand): provisioning the store again completes an
   * interrupted migration.
   */
  STORE_SCHEMA_INCOMPLETE(ErrorKind.CONFLICT),
  /** A store data request named a table the client schema does not have. */
  UNKNOWN_TABLE(ErrorKind.INVALID),
  /** A store data request named a column its table does not have. */
  UNKNOWN_COLUMN(ErrorKind.INVALID),
  /** A store data request is malformed: a filter, order, page or value does not fit its column. */
  INVALID_DATA_REQUEST(ErrorKind.INVALID),
  /** A write broke a key, foreign key, NOT NULL or CHECK rule of the store's schema. */
  CONSTRAINT_VIOLATION(ErrorKind.CONFLICT),
  /** No row of the table has that id. */
  ROW_NOT_FOUND(ErrorKind.NOT_FOUND),

  // --- provisioning jobs and providers (packages job, provider) ---
  /** No provisioning job has that id. */
  JOB_NOT_FOUND(ErrorKind.NOT_FOUND),
  /** The store already has a queued or running job. */
  JOB_ALREADY_ACTIVE(ErrorKind.CONFLICT),
  /** The job has finished or is past the point where it can be cancelled. */
  JOB_NOT_CANCELLABLE(ErrorKind.CONFLICT),
  /** The database option is known but not offered by this build (e.g. supabase). */
  DATABASE_OPTION_NOT_AVAILABLE(ErrorKind.CONFLICT),
  /** The request names a database option that cannot be used this way. */
  DATABASE_OPTION_INVALID(ErrorKind.INVALID),
  /** The store database refused the login: wrong user or password. */
  DATABASE_AUTHENTICATION_FAILED(ErrorKind.INVALID),
  /** The store database could not be reached (refused, timed out); retried with backoff. */
  DATABASE_UNREACHABLE(ErrorKind.UNAVAILABLE),
  /** The named database does not exist on the server. */
  DATABASE_NOT_FOUND(ErrorKind.INVALID),
  /** Tables the client schema needs already exist in another shape; nothing was changed. */
  SCHEMA_CLASH(ErrorKind.CONFLICT),
  /** The outbound policy refused the database host. */
  DATABASE_HOST_DENIED(ErrorKind.INVALID),
  /** Applying the schema, seeding or another step failed on the store database. */
  PROVISIONING_STEP_FAILED(ErrorKind.UNAVAILABLE),
  /**
   * Every active managed server of the engine is full; retried, since a store leaving one gives it
   * room.
   */
  NO_SERVER_CAPACITY(ErrorKind.UNAVAILABLE),
  /**
   * No registered server can ever take a new store of the engine: none is active (and allowed by
   * the outbound policy). Refused when requested; a job that finds it so fails without retrying.
   */
  NO_DATABASE_SERVER(ErrorKind.DENIED),
  /** No managed database server has that id. */
  DATABASE_SERVER_NOT_FOUND(ErrorKind.NOT_FOUND),
  /** A managed database server with that name or endpoint is already registered. */
  DATABASE_SERVER_EXISTS(ErrorKind.CONFLICT),
  /** The store has no database to test, suspend or purge. */
  STORE_HAS_NO_DATABASE(ErrorKind.CONFLICT),
  /** A purge must be confirmed with the store's slug. */
  PURGE_NOT_CONFIRMED(ErrorKind.INVALID),

  // --- Supabase Management API and Data API (package supabase) ---
  /** Supabase refused the access token or API key (401). */
  SUPABASE_UNAUTHORIZED(ErrorKind.INVALID),
  /** The token or key lacks a permission or scope for the call (403). */
  SUPABASE_FORBIDDEN(ErrorKind.INVALID),
  /** Supabase answered 429 and the retries, waiting as its rate-limit headers asked, ran out. */
  SUPABASE_RATE_LIMITED(ErrorKind.UNAVAILABLE),
  /** Supabase answered 5xx, timed out or could not be reached, also after the retries. */
  SUPABASE_UNAVAILABLE(ErrorKind.UNAVAILABLE),
  /** Supabase rejected the request as invalid (400 and other 4xx without a more precise code). */
  SUPABASE_REQUEST_REJECTED(ErrorKind.INVALID),
  /** The Supabase project does not exist (Management API 404). */
  SUPABASE_PROJECT_NOT_FOUND(ErrorKind.NOT_FOUND),
  /** A Data API write conflicts with existing rows (409: unique or foreign key violation). */
  SUPABASE_CONFLICT(ErrorKind.CONFLICT),
  /** A run-SQL query failed (400 "Failed to run sql query"); the SQLSTATE is in the message. */
  SUPABASE_SQL_FAILED(ErrorKind.CONFLICT),
  /** A table the store needs is missing: PostgREST {@code PGRST205} or {@code 42P01}. */
  SUPABASE_SCHEMA_MISSING(ErrorKind.CONFLICT),
  /** The project's database holds tables the client schema needs but no Storeplane history. */
  SUPABASE_SCHEMA_CLASH(ErrorKind.CONFLICT),
  /** The project's schema history disagrees with this build (other checksum, failed or newer). */
  SUPABASE_SCHEMA_DRIFT(ErrorKind.CONFLICT),
  /** The project ended in a terminal state (INIT_FAILED, REMOVED, paused...) while waited for. */
  SUPABASE_PROJECT_FAILED(ErrorKind.CONFLICT),
  /**
   * The organization already has a project with the name this store's project gets, which this
   * store has no record of creating (so its database password is unknown).
   */
  SUPABASE_PROJECT_NAME_TAKEN(ErrorKind.CONFLICT),
  /** The project was not ready (ACTIVE_HEALTHY, db and rest healthy) within the wait. */
  SUPABASE_PROJECT_TIMEOUT(ErrorKind.UNAVAILABLE),
  /** The project has no service role key (neither a secret key nor a legacy service_role JWT). */
  SUPABASE_KEY_NOT_FOUND(ErrorKind.CONFLICT),
  /** The project URL is not an absolute http(s) URL Storeplane may call. */
  SUPABASE_INVALID_PROJECT_URL(ErrorKind.INVALID),
  /** Supabase answered a success with a body that does not have the documented shape. */
  SUPABASE_INVALID_RESPONSE(ErrorKind.UNAVAILABLE);

  private final ErrorKind kind;

  ProvisioningError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
