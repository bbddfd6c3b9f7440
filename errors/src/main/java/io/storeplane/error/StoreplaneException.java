package io.storeplane.error;

import java.util.Objects;

/**
 * The root of every module's exceptions: a failure with a stable {@link ErrorCode}. Its message is
 * safe to show to an API client: it never contains a password, key or other secret. The api module
 * answers any of them as problem+json in one place, by the code's kind.
 */
public abstract class StoreplaneException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /**
   * @param code what went wrong
   * @param message what was being done and with which (non-secret) values
   * @param cause the underlying failure, or null
   */
  protected StoreplaneException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** What went wrong, as a stable code; subclasses narrow it to their module's enum. */
  public ErrorCode code() {
    return code;
  }
}
