package io.storeplane.bus;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * What went wrong on the bus. Codes are prefixed {@code bus-}, e.g. {@code bus-payload-too-large}.
 */
public enum BusError implements ErrorCode {
  /**
   * An event's JSON is larger than {@link Topic#MAX_PAYLOAD_BYTES} (an event names what changed, it
   * does not carry the changed data).
   */
  PAYLOAD_TOO_LARGE(ErrorKind.INVALID),
  /** A topic name that is empty, too long or not of lower-case words, dots and dashes. */
  INVALID_TOPIC(ErrorKind.INVALID),
  /** An event could not be written as, or read from, JSON. */
  UNREADABLE_EVENT(ErrorKind.INVALID),
  /** The master database refused or failed the event's insert and notification. */
  PUBLISH_FAILED(ErrorKind.UNAVAILABLE);

  private final ErrorKind kind;

  BusError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }

  @Override
  public String code() {
    return "bus-" + ErrorCode.super.code();
  }
}
