package io.storeplane.bus;

import io.storeplane.error.StoreplaneException;

/** The one exception of the bus; its message names the topic and what was wrong. */
public class BusException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  /** A failure with {@code code}. */
  public BusException(BusError code, String message) {
    super(code, message, null);
  }

  /** A failure with {@code code} and a cause. */
  public BusException(BusError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** What went wrong. */
  @Override
  public BusError code() {
    return (BusError) super.code();
  }

  @Override
  public String toString() {
    return getClass().getName() + " [" + code().name() + "]: " + getMessage();
  }
}
