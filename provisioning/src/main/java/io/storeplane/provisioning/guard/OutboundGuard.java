package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies an {@link OutboundPolicy} to a host and port: resolves the name and checks every address,
 * so a name with one private address among public ones is refused. Address literals are parsed,
 * never looked up.
 *
 * <p>A check before connecting is not enough on its own: the name may resolve differently a moment
 * later (DNS rebinding). The socket factories ({@link GuardedSocketFactory}, {@link
 * GuardedMySqlSocketFactory}) therefore check again, with {@link #checkAddress(InetSocketAddress)},
 * the exact address each socket is about to connect to.
 */
public final class OutboundGuard {

  private final OutboundPolicy policy;
  private final HostResolver resolver;

  /** A guard applying {@code policy}, resolving names with {@code resolver}. */
  public OutboundGuard(OutboundPolicy policy, HostResolver resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** The production default: {@link OutboundPolicy#strict()} with the JVM's resolver. */
  public static OutboundGuard strict() {
    return new OutboundGuard(OutboundPolicy.strict(), HostResolver.system());
  }

  /** The policy this guard applies. */
  public OutboundPolicy policy() {
    return policy;
  }

  /**
   * Checks a connection to {@code host} on {@code port}: the port first, then every address the
   * host resolves to.
   *
   * @param host a host name or address literal (IPv6 with or without brackets)
   * @return every address checked, in resolver order, ready to connect to
   * @throws OutboundConnectionDeniedException when the port or any address is refused (the rule
   *     that refused it) or the name does not resolve ({@link DenyRule#UNKNOWN_HOST})
   */
  public List<InetSocketAddress> check(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (!policy.allowsPort(port)) {
      throw new OutboundConnectionDeniedException(DenyRule.PORT, host, port, null);
    }
    String name = Hosts.normalize(host);
    List<InetSocketAddress> checked = new ArrayList<>();
    for (InetAddress address : resolve(host, name, port)) {
      deny(policy.evaluate(name, address, port), host, port, address);
      checked.add(new InetSocketAddress(address, port));
    }
    return List.copyOf(checked);
  }

  /**
   * Checks one address about to be connected to. Host-name rules match {@link
   * InetSocketAddress#getHostString()}, the name the address was resolved from; no reverse lookup
   * is made. An unresolved address is checked as {@link #check(String, int)} does.
   *
   * @throws OutboundConnectionDeniedException when the address or port is refused
   */
  public void checkAddress(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      check(address.getHostString(), address.getPort());
      return;
    }
    String host = address.getHostString();
    deny(
        policy.evaluate(host, address.getAddress(), address.getPort()),
        host,
        address.getPort(),
        address.getAddress());
  }

  private List<InetAddress> resolve(String host, String name, int port) {
    Optional<InetAddress> literal = IpLiterals.parse(name);
    if (literal.isPresent()) {
      return List.of(literal.get());
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(name);
    } catch (UnknownHostException e) {
      throw new OutboundConnectionDeniedException(DenyRule.UNKNOWN_HOST, host, port, null);
    }
    if (addresses == null || addresses.isEmpty()) {
      throw new OutboundConnectionDeniedException(DenyRule.UNKNOWN_HOST, host, port, null);
    }
    return addresses;
  }

  private static void deny(Optional<DenyRule> rule, String host, int port, InetAddress address) {
    if (rule.isPresent()) {
      throw new OutboundConnectionDeniedException(
          rule.get(), host, port, rule.get() == DenyRule.PORT ? null : address);
    }
  }

  @Override
  public String toString() {
    return "OutboundGuard[" + policy + "]";
  }
}
