package io.storeplane.error;

import java.util.Locale;

/**
 * A stable code for one failure, and its kind. Each module keeps its own enum of codes implementing
 * this contract (as Flyway's {@code CoreErrorCode} implements its {@code ErrorCode}); clients key
 * on {@link #code()}, so a code is never renamed or reused.
 */
public interface ErrorCode {

  /** The enum constant's name; every implementation is an enum. */
  String name();

  /** What kind of failure this is; the api module maps kinds to HTTP statuses. */
  ErrorKind kind();

  /**
   * The code as clients and logs see it, e.g. {@code store-not-found}: the problem type is {@code
   * urn:storeplane:problem:<code>}. By default the constant's name in lower case with dashes.
   */
  default String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
