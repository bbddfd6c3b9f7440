package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address block such as {@code 10.0.0.0/8} or {@code fc00::/7}. Parsed without any
 * name lookup; host bits must be zero so a typo such as {@code 10.0.0.1/8} is caught. A bare
 * address is a block of one ({@code /32} or {@code /128}). IPv4-mapped IPv6 blocks ({@code
 * ::ffff:10.0.0.0/104}) are stored as their IPv4 block, because the JDK hands out mapped addresses
 * as IPv4 addresses.
 */
public final class Cidr {

  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code address/prefix} or a bare address.
   *
   * @throws IllegalArgumentException when {@code text} is not a CIDR block
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] bytes = IpLiterals.toBytes(addressPart);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 CIDR block");
    }
    int maxPrefix = bytes.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String prefixPart = trimmed.substring(slash + 1);
      if (prefixPart.isEmpty()
          || prefixPart.length() > 3
          || !prefixPart.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
      }
      prefix = Integer.parseInt(prefixPart);
      if (prefix > maxPrefix) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length above " + maxPrefix);
      }
    }
    if (isIpv4Mapped(bytes) && prefix >= 96) {
      bytes = Arrays.copyOfRange(bytes, 12, 16);
      prefix -= 96;
    }
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      if (bitAt(bytes, bit)) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' has host bits set; the block starts at "
                + describe(mask(bytes, prefix), prefix));
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** The block holding exactly {@code address}. */
  public static Cidr of(InetAddress address) {
    byte[] bytes = normalize(address.getAddress());
    return new Cidr(bytes, bytes.length * 8);
  }

  /** Whether {@code address} lies in this block; IPv4 and IPv6 blocks never contain each other. */
  public boolean contains(InetAddress address) {
    byte[] candidate = normalize(address.getAddress());
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  /** The prefix length: 0 to 32 for IPv4, 0 to 128 for IPv6. */
  public int prefixLength() {
    return prefixLength;
  }

  /** Whether this is an IPv4 block. */
  public boolean isIpv4() {
    return network.length == 4;
  }

  /** The first address of the block. */
  public InetAddress network() {
    try {
      return InetAddress.getByAddress(network.clone());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
    }
  }

  /** IPv4-mapped IPv6 bytes ({@code ::ffff:a.b.c.d}) become their 4 IPv4 bytes. */
  static byte[] normalize(byte[] bytes) {
    return isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    if (bytes.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static boolean bitAt(byte[] bytes, int bit) {
    return (bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] masked = bytes.clone();
    for (int bit = prefix; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  private static String describe(byte[] bytes, int prefix) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr that
        && prefixLength == that.prefixLength
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** {@code network/prefix}, e.g. {@code 10.0.0.0/8}. */
  @Override
  public String toString() {
    return describe(network, prefixLength);
  }
}
