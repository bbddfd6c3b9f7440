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

  // --- provisioning jobs and providers (packages job, provider) ---
  /** No provisioning job has that id. */
  JOB_NOT_FOUND(Kind.NOT_FOUND),
  /** The store already has a queued or running job. */
  JOB_ALREADY_ACTIVE(Kind.CONFLICT),
  /** The job has finished or is past the point where it can be cancelled. */
  JOB_NOT_CANCELLABLE(Kind.CONFLICT),
  /** The database option is known but not offered by this build (e.g. supabase). */
  DATABASE_OPTION_NOT_AVAILABLE(Kind.CONFLICT),
  /** The request names a database option that cannot be used this way. */
  DATABASE_OPTION_INVALID(Kind.INVALID),
  /** The store database refused the login: wrong user or password. */
  DATABASE_AUTHENTICATION_FAILED(Kind.INVALID),
  /** The store database could not be reached (refused, timed out); retried with backoff. */
  DATABASE_UNREACHABLE(Kind.UNAVAILABLE),
  /** The named database does not exist on the server. */
  DATABASE_NOT_FOUND(Kind.INVALID),
  /** Tables the client schema needs already exist in another shape; nothing was changed. */
  SCHEMA_CLASH(Kind.CONFLICT),
  /** The outbound policy refused the database host. */
  DATABASE_HOST_DENIED(Kind.INVALID),
  /** Applying the schema, seeding or another step failed on the store database. */
  PROVISIONING_STEP_FAILED(Kind.UNAVAILABLE),
  /** No active managed server of the engine has capacity left. */
  NO_SERVER_CAPACITY(Kind.UNAVAILABLE),
  /** No managed database server has that id. */
  DATABASE_SERVER_NOT_FOUND(Kind.NOT_FOUND),
  /** A managed database server with that name or endpoint is already registered. */
  DATABASE_SERVER_EXISTS(Kind.CONFLICT),
  /** The store has no database to test, suspend or purge. */
  STORE_HAS_NO_DATABASE(Kind.CONFLICT),
  /** A purge must be confirmed with the store's slug. */
  PURGE_NOT_CONFIRMED(Kind.INVALID);

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
