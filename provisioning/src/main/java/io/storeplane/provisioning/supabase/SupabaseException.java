package io.storeplane.provisioning.supabase;

import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import java.time.Duration;
import java.util.Optional;

/**
 * A failed call to Supabase, typed by its {@link ProvisioningError} ({@code SUPABASE_*}), with what
 * the answer said: the HTTP status, the PostgREST code or SQLSTATE, the hint and, for 429 and 503,
 * how long Supabase asked us to wait. The message names the call and quotes Supabase's message; it
 * never contains an access token, API key or password.
 */
public class SupabaseException extends ProvisioningException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String apiCode;
  private final String hint;
  private final Duration retryAfter;

  /**
   * @param code what kind of failure
   * @param message safe to show; no secret
   * @param httpStatus the HTTP status, or 0 when no answer arrived
   * @param apiCode the PostgREST code ({@code PGRST205}) or SQLSTATE ({@code 42P01}), or null
   * @param hint Supabase's hint, or null
   * @param retryAfter how long Supabase asked to wait before retrying, or null
   * @param cause the underlying failure, or null
   */
  public SupabaseException(
      ProvisioningError code,
      String message,
      int httpStatus,
      String apiCode,
      String hint,
      Duration retryAfter,
      Throwable cause) {
    super(code, message, cause);
    this.httpStatus = httpStatus;
    this.apiCode = apiCode;
    this.hint = hint;
    this.retryAfter = retryAfter;
  }

  /** A failure without an HTTP answer (timeout, connection refused, unreadable body). */
  public static SupabaseException of(ProvisioningError code, String message, Throwable cause) {
    return new SupabaseException(code, message, 0, null, null, null, cause);
  }

  /** The HTTP status, or 0 when no answer arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The PostgREST error code or SQLSTATE the answer carried. */
  public Optional<String> apiCode() {
    return Optional.ofNullable(apiCode);
  }

  /** Supabase's hint, if it gave one. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  /** How long Supabase asked us to wait ({@code X-RateLimit-Reset} or {@code Retry-After}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The same failure, its message saying how many attempts were made. */
  SupabaseException afterAttempts(int attempts) {
    return new SupabaseException(
        code(),
        getMessage() + " (after " + attempts + " attempts)",
        httpStatus,
        apiCode,
        hint,
        retryAfter,
        this);
  }
}
