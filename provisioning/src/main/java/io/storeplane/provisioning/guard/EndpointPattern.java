package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One allowlist or denylist entry: a CIDR block, a host name, or a wildcard domain ({@code
 * *.example.com}, which matches names below {@code example.com} but not {@code example.com}
 * itself), each optionally limited to one port.
 *
 * <pre>
 * 10.20.0.0/16      203.0.113.7       db.example.com      *.db.example.com
 * 203.0.113.7:5432  [2001:db8::1]:5432 db.example.com:6543  fd00:ec2::254
 * </pre>
 */
final class EndpointPattern {

  private static final int ANY_PORT = 0;

  private final Cidr cidr;
  private final String hostName;
  private final String domainSuffix;
  private final int port;
  private final String text;

  private EndpointPattern(Cidr cidr, String hostName, String domainSuffix, int port) {
    this.cidr = cidr;
    this.hostName = hostName;
    this.domainSuffix = domainSuffix;
    this.port = port;
    String target =
        cidr != null ? describe(cidr) : hostName != null ? hostName : "*" + domainSuffix;
    this.text =
        port == ANY_PORT
            ? target
            : (target.indexOf(':') >= 0 ? "[" + target + "]" : target) + ":" + port;
  }

  /**
   * Parses one entry.
   *
   * @throws IllegalArgumentException when {@code entry} is none of the accepted forms
   */
  static EndpointPattern parse(String entry) {
    String e = entry == null ? "" : entry.strip().toLowerCase(java.util.Locale.ROOT);
    if (e.isEmpty()) {
      throw new IllegalArgumentException("An empty entry is not a host, address or CIDR block");
    }
    if (e.indexOf('/') >= 0) {
      return new EndpointPattern(Cidr.parse(e), null, null, ANY_PORT);
    }
    String host = e;
    int port = ANY_PORT;
    if (e.startsWith("[")) {
      int close = e.indexOf(']');
      if (close < 0) {
        throw invalid(entry);
      }
      host = e.substring(1, close);
      String rest = e.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw invalid(entry);
        }
        port = port(rest.substring(1), entry);
      }
      if (IpLiterals.parse(host).isEmpty()) {
        throw invalid(entry);
      }
    } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
      host = e.substring(0, e.indexOf(':'));
      port = port(e.substring(e.indexOf(':') + 1), entry);
    }
    return forHost(Hosts.normalize(host), port, entry);
  }

  /** An entry for {@code host} (a name or an address literal) on {@code port} (0: any port). */
  static EndpointPattern host(String host, int port) {
    return forHost(Hosts.normalize(host), port, host);
  }

  /** An entry for exactly {@code address} on {@code port} (0: any port). */
  static EndpointPattern address(InetAddress address, int port) {
    return new EndpointPattern(Cidr.of(address), null, null, port);
  }

  private static EndpointPattern forHost(String host, int port, String entry) {
    Optional<InetAddress> literal = IpLiterals.parse(host);
    if (literal.isPresent()) {
      return new EndpointPattern(Cidr.of(literal.get()), null, null, port);
    }
    if (host.startsWith("*.") && Hosts.isValidName(host.substring(2))) {
      return new EndpointPattern(null, null, host.substring(1), port);
    }
    if (Hosts.isValidName(host)) {
      return new EndpointPattern(null, host, null, port);
    }
    throw invalid(entry);
  }

  /**
   * Whether a connection to {@code address}, reached through the name {@code host} (normalized), on
   * {@code port} matches this entry.
   */
  boolean matches(String host, InetAddress address, int port) {
    if (this.port != ANY_PORT && this.port != port) {
      return false;
    }
    if (cidr != null) {
      return cidr.contains(address);
    }
    if (hostName != null) {
      return hostName.equals(host);
    }
    return host.endsWith(domainSuffix) && host.length() > domainSuffix.length();
  }

  /** A single address prints as the address, a block as {@code network/prefix}. */
  private static String describe(Cidr cidr) {
    boolean single = cidr.prefixLength() == (cidr.isIpv4() ? 32 : 128);
    return single ? cidr.network().getHostAddress() : cidr.toString();
  }

  private static int port(String text, String entry) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(entry);
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw invalid(entry);
    }
    return port;
  }

  private static IllegalArgumentException invalid(String entry) {
    return new IllegalArgumentException(
        "'"
            + entry
            + "' is not a host name, *.domain, IP address or CIDR block, with an optional :port");
  }

  /** Entries are equal when their canonical text is: same target, same port. */
  @Override
  public boolean equals(Object other) {
    return other instanceof EndpointPattern that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
