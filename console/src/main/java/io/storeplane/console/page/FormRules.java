package io.storeplane.console.page;

import io.storeplane.provisioning.guard.Hosts;
import java.util.Optional;

/**
 * The rules form fields share across console pages, each answering the sentence a refused field is
 * shown with (never the value sent): the same rules as the REST API's request records.
 */
public final class FormRules {

  private static final int MAX_HOST = 255;

  private FormRules() {}

  /** A field's value without surrounding blanks; "" when it was not sent. */
  public static String strip(String value) {
    return value == null ? "" : value.strip();
  }

  /** A database host: a DNS name or an IPv4 or IPv6 literal ({@link Hosts#isHost}). */
  public static Optional<String> badHost(String host) {
    if (host.isEmpty() || host.length() > MAX_HOST || !Hosts.isHost(host)) {
      return Optional.of("The host must be a host name, an IPv4 address or an IPv6 address.");
    }
    return Optional.empty();
  }

  /** A TCP port, 1 to 65535. */
  public static Optional<String> badPort(String port) {
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      return Optional.of("The port must be a number from 1 to 65535.");
    }
    return Optional.empty();
  }

  /** A text of 1 to {@code max} characters, named {@code what} in the sentence. */
  public static Optional<String> badText(String value, int max, String what) {
    if (value.isEmpty() || value.length() > max) {
      return Optional.of("The " + what + " must have 1 to " + max + " characters.");
    }
    return Optional.empty();
  }

  /** A password field: it must be sent (it may be empty), at most {@code max} characters. */
  public static Optional<String> badPassword(String password, int max, String what) {
    if (password == null || password.length() > max) {
      return Optional.of("The " + what + " must have at most " + max + " characters.");
    }
    return Optional.empty();
  }
}
