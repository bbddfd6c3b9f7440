package io.storeplane.provisioning.guard;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host name normalization and syntax, shared by the policy's patterns, the guard and the API's
 * validation of hosts it is given.
 */
public final class Hosts {

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

  /**
   * Whether {@code host} is something a database may be reached at: a DNS name (labels of letters,
   * digits, {@code -} and {@code _}, at most 63 characters each and 253 in all, not starting or
   * ending with {@code -}, an optional trailing dot, and a last label that is not all digits), a
   * strict dotted-quad IPv4 literal, or an IPv6 literal, bare or in brackets, without a zone. No
   * name is looked up. {@code "[::1"}, {@code "a..b"}, {@code "-x"} and {@code "1.2.3.4.5"} are not
   * hosts.
   */
  public static boolean isHost(String host) {
    if (host == null || host.isEmpty() || !host.equals(host.strip())) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") || h.endsWith("]")) {
      return h.length() > 2
          && h.startsWith("[")
          && h.endsWith("]")
          && h.indexOf(':') >= 0
          && IpLiterals.toBytes(h.substring(1, h.length() - 1)) != null;
    }
    if (h.indexOf(':') >= 0) {
      return IpLiterals.toBytes(h) != null;
    }
    String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    String last = name.substring(name.lastIndexOf('.') + 1);
    if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return IpLiterals.ipv4(name) != null;
    }
    return isValidName(name);
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
