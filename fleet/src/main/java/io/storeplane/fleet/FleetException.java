package io.storeplane.fleet;

import io.storeplane.error.FieldFailure;
import io.storeplane.error.StoreplaneException;
import java.util.List;

/** A failure of the fleet module, with its stable {@link FleetError} code. */
public class FleetException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  public FleetException(FleetError code, String message) {
    this(code, message, null);
  }

  public FleetException(FleetError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /**
   * @param detail what an API client is told, when the message holds what only logs may (a driver's
   *     text, a pool name)
   */
  public FleetException(FleetError code, String message, String detail, Throwable cause) {
    super(code, message, detail, List.of(), cause);
  }

  /**
   * A request refused for one of its fields, named in {@link #fields()} for a caller to place the
   * refusal beside it. The detail is {@code field: message} then {@code particulars}.
   *
   * @param field the field as the request names it, and the rule it broke (no value that was sent)
   * @param particulars what the detail adds after the rule, such as the value that was sent ({@code
   *     ", not 50"}); "" when nothing
   */
  public FleetException(FleetError code, FieldFailure field, String particulars) {
    super(
        code,
        field.field() + ": " + field.message() + particulars,
        field.field() + ": " + field.message() + particulars,
        List.of(field),
        null);
  }

  @Override
  public FleetError code() {
    return (FleetError) super.code();
  }
}
