package io.storeplane.console.session;

import io.storeplane.error.StoreplaneException;
import java.util.UUID;

/**
 * A console request refused with an HTTP status and a message fit to show the person (never a
 * secret, never a stack trace); {@link RefusalPage} renders it inside the console's frame.
 */
public class ConsoleRefusal extends RuntimeException {

  private final int status;

  public ConsoleRefusal(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /**
   * A service's refusal shown as the console's own: the status its code's kind means ({@link
   * io.storeplane.error.ErrorKind#status()}, the same the REST API answers) and the detail a client
   * may be told.
   */
  public static ConsoleRefusal of(StoreplaneException refused) {
    return new ConsoleRefusal(refused.code().kind().status(), refused.detail());
  }

  /** The id in a console path; a malformed one is a 404 naming {@code what} ("store", "job"). */
  public static UUID idOrNotFound(String value, String what) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new ConsoleRefusal(404, "There is no " + what + " with this id.");
    }
  }

  /** A list's page number from its query (0 when none); anything but 0 to 100000 is a 400. */
  public static int pageOrBadRequest(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      int page = Integer.parseInt(value.strip());
      if (page < 0 || page > 100_000) {
        throw new NumberFormatException();
      }
      return page;
    } catch (NumberFormatException e) {
      throw new ConsoleRefusal(400, "The page must be a number from 0.");
    }
  }
}
