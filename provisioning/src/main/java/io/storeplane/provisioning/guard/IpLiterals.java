package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Strict parsing of IP address literals without any name lookup: dotted-quad IPv4 (four decimal
 * parts, no leading zeros) and IPv6 (with {@code ::} and an optional trailing IPv4 part, no zone
 * id). Anything else is not a literal and goes to the resolver.
 */
final class IpLiterals {

  private IpLiterals() {}

  /** The address {@code text} spells, or empty when it is not a strict literal. */
  static Optional<InetAddress> parse(String text) {
    byte[] bytes = toBytes(text);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
    }
  }

  /** The 4 or 16 bytes {@code text} spells, or null when it is not a strict literal. */
  static byte[] toBytes(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty()
          || part.length() > 3
          || (part.length() > 1 && part.charAt(0) == '0')
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  private static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && gap != text.lastIndexOf("::")) {
      return null;
    }
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    int[] headGroups = groups(head, gap < 0);
    int[] tailGroups = groups(tail, true);
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int count = headGroups.length + tailGroups.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < headGroups.length; i++) {
      put(bytes, i, headGroups[i]);
    }
    for (int i = 0; i < tailGroups.length; i++) {
      put(bytes, 8 - tailGroups.length + i, tailGroups[i]);
    }
    return bytes;
  }

  /** 16-bit groups of one side of {@code ::}; the last may be an IPv4 part when allowed. */
  private static int[] groups(String side, boolean mayEndWithIpv4) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] tokens = side.split(":", -1);
    boolean ipv4Tail = mayEndWithIpv4 && tokens[tokens.length - 1].indexOf('.') >= 0;
    int[] groups = new int[tokens.length + (ipv4Tail ? 1 : 0)];
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (ipv4Tail && i == tokens.length - 1) {
        byte[] v4 = ipv4(token);
        if (v4 == null) {
          return null;
        }
        groups[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
      } else {
        if (token.isEmpty() || token.length() > 4 || !isHex(token)) {
          return null;
        }
        groups[i] = Integer.parseInt(token, 16);
      }
    }
    return groups;
  }

  private static boolean isHex(String token) {
    return token
        .chars()
        .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[2 * group] = (byte) (value >>> 8);
    bytes[2 * group + 1] = (byte) value;
  }
}
