package io.storeplane.provisioning.guard;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host name normalization and syntax, shared by the policy's patterns and the guard. */
final class Hosts {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

  private Hosts() {}

  /**
   * Lower case, without surrounding whitespace, IPv6 brackets or a trailing dot, so {@code
   * DB.Example.com.} and {@code db.example.com} compare equal.
   */
  static String normalize(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.length() >= 2 && h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".") && h.length() > 1) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  /** Whether {@code host} (normalized) is a syntactically valid DNS name. */
  static boolean isValidName(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
