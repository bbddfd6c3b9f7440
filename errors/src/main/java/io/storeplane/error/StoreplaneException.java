package io.storeplane.error;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The root of every module's exceptions: a failure with a stable {@link ErrorCode}. Its message
 * never contains a password, key or other secret. What an API client is told is its {@link
 * #detail()}: the message itself, unless the failure was built with a detail of its own because the
 * message carries what only logs may (a pool name, a driver's text, a submitted value). The api
 * module answers any of them as problem+json in one place, by the code's kind.
 */
public abstract class StoreplaneException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String detail;
  private final List<FieldFailure> fields;

  /**
   * @param code what went wrong
   * @param message what was being done and with which (non-secret) values
   * @param cause the underlying failure, or null
   */
  protected StoreplaneException(ErrorCode code, String message, Throwable cause) {
    this(code, message, message, List.of(), cause);
  }

  /**
   * @param code what went wrong
   * @param message what was being done, for logs and callers of the library (never a secret)
   * @param detail what an API client is told: no value it sent, no internal name, no driver text
   * @param fields the request's fields the failure is about (empty when none is)
   * @param cause the underlying failure, or null
   */
  protected StoreplaneException(
      ErrorCode code, String message, String detail, List<FieldFailure> fields, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.detail = Objects.requireNonNull(detail, "detail");
    this.fields = List.copyOf(fields);
  }

  /** What went wrong, as a stable code; subclasses narrow it to their module's enum. */
  public ErrorCode code() {
    return code;
  }

  /** What an API client is told: the message, or a detail safe where the message is not. */
  public String detail() {
    return detail;
  }

  /** The request's fields this failure is about, without their values; often empty. */
  public List<FieldFailure> fields() {
    return fields;
  }

  /**
   * When trying again may succeed, if the failure knows (a quota that resets at a known time);
   * empty by default, and the api module then answers a transient failure with its own default.
   */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
