package io.storeplane.billing;

import io.storeplane.error.FieldFailure;
import io.storeplane.error.StoreplaneException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A failure of the billing module, with its stable {@link BillingError} code. */
public class BillingException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public BillingException(BillingError code, String message) {
    this(code, message, null);
  }

  public BillingException(BillingError code, String message, Throwable cause) {
    super(code, message, cause);
    this.retryAfter = null;
  }

  /**
   * @param detail what an API client is told, when the message holds what only logs may
   * @param retryAfter when trying again may succeed (a quota's reset), or null
   */
  public BillingException(
      BillingError code,
      String message,
      String detail,
      List<FieldFailure> fields,
      Duration retryAfter,
      Throwable cause) {
    super(code, message, detail, fields, cause);
    this.retryAfter = retryAfter;
  }

  @Override
  public BillingError code() {
    return (BillingError) super.code();
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
