package io.storeplane.fleet;

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

  @Override
  public FleetError code() {
    return (FleetError) super.code();
  }
}
