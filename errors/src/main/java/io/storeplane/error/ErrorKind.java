package io.storeplane.error;

/**
 * What kind of failure an {@link ErrorCode} is. Callers map kinds, not every code: each kind has
 * one HTTP status ({@link #status()}), the one place both the REST API's problems and the console's
 * refusal pages read it from, so a new code needs no new mapping.
 */
public enum ErrorKind {
  /** The request names something that does not exist (404). */
  NOT_FOUND(404),
  /** The request is well formed but does not fit the current state (409). */
  CONFLICT(409),
  /** The request itself is wrong: a value breaks a rule or names nothing usable (400). */
  INVALID(400),
  /** The caller may not do this to this resource in its current state (403). */
  FORBIDDEN(403),
  /**
   * A policy refused what the request names, e.g. an outbound connection to a private host, or
   * nothing the platform has can ever serve it, e.g. no managed server of its engine (422).
   */
  DENIED(422),
  /**
   * The failure is on a dependency's side (a store database, Supabase, capacity, the key ring): the
   * request may succeed later (503 with {@code Retry-After}).
   */
  UNAVAILABLE(503),
  /**
   * A limit of the store's plan would be passed by this request: allowed again after an upgrade or
   * when usage falls (402).
   */
  LIMIT_REACHED(402),
  /**
   * A quota that resets on a clock is used up for now (the plan's API calls per UTC day): 429 with
   * {@code Retry-After} until it resets ({@link StoreplaneException#retryAfter()}).
   */
  QUOTA_EXHAUSTED(429),
  /** A defect of this build (e.g. a packaged resource that does not parse): only this is a 500. */
  INTERNAL(500);

  private final int status;

  ErrorKind(int status) {
    this.status = status;
  }

  /** The HTTP status a failure of this kind is answered with. */
  public int status() {
    return status;
  }
}
