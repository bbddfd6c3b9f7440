package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which hosts and ports the control plane may open connections to on a customer's behalf.
 * Immutable; {@link #builder()} validates every entry once.
 *
 * <p>A connection to an address, reached through a host name, on a port is judged in this order:
 *
 * <ol>
 *   <li>the port must be among the allowed ports, else {@link DenyRule#PORT};
 *   <li>a denylist entry that matches refuses it with its rule ({@link DenyRule#MASTER_DATABASE} or
 *       {@link DenyRule#DENYLIST}); the allowlist does not override the denylist, so a broad
 *       allowlisted block (a peered VPC) can never re-open the master database;
 *   <li>an allowlist entry that matches the host name or the address allows it;
 *   <li>public addresses are allowed; loopback, link-local and private addresses only when their
 *       flag is set; unspecified, multicast and reserved addresses never (short of the allowlist).
 * </ol>
 *
 * {@link #strict()} is the production default: every non-public address class denied, all ports.
 */
public final class OutboundPolicy {

  private final boolean allowLoopback;
  private final boolean allowLinkLocal;
  private final boolean allowPrivate;
  private final List<EndpointPattern> allowlist;
  private final List<Denial> denylist;
  private final PortRanges ports;

  private OutboundPolicy(Builder builder) {
    this.allowLoopback = builder.allowLoopback;
    this.allowLinkLocal = builder.allowLinkLocal;
    this.allowPrivate = builder.allowPrivate;
    this.allowlist = List.copyOf(builder.allowlist);
    this.denylist = List.copyOf(builder.denylist);
    this.ports = builder.ports;
  }

  /** The production default: only public addresses, any port, nothing allow- or denylisted. */
  public static OutboundPolicy strict() {
    return builder().build();
  }

  /** A builder starting from {@link #strict()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Judges a connection to {@code address}, reached through the host name {@code host}, on {@code
   * port}.
   *
   * @param host the name the caller asked for (or the address literal); matched against host-name
   *     entries
   * @return the rule that refuses the connection, or empty when it is allowed
   */
  public Optional<DenyRule> evaluate(String host, InetAddress address, int port) {
    Objects.requireNonNull(address, "address");
    if (!ports.contains(port)) {
      return Optional.of(DenyRule.PORT);
    }
    String name = host == null ? "" : Hosts.normalize(host);
    for (Denial denial : denylist) {
      if (denial.pattern().matches(name, address, port)) {
        return Optional.of(denial.rule());
      }
    }
    for (EndpointPattern allowed : allowlist) {
      if (allowed.matches(name, address, port)) {
        return Optional.empty();
      }
    }
    AddressClass addressClass = AddressClass.of(address);
    return allows(addressClass)
        ? Optional.empty()
        : Optional.of(DenyRule.forAddressClass(addressClass));
  }

  /** Whether {@code port} is among the allowed ports. */
  public boolean allowsPort(int port) {
    return ports.contains(port);
  }

  /** Whether addresses of {@code addressClass} are allowed without an allowlist entry. */
  public boolean allows(AddressClass addressClass) {
    return switch (addressClass) {
      case PUBLIC -> true;
      case LOOPBACK -> allowLoopback;
      case LINK_LOCAL -> allowLinkLocal;
      case PRIVATE -> allowPrivate;
      case UNSPECIFIED, MULTICAST, RESERVED -> false;
    };
  }

  /** The allowed ports. */
  public PortRanges ports() {
    return ports;
  }

  @Override
  public String toString() {
    return "OutboundPolicy[allowLoopback="
        + allowLoopback
        + ", allowLinkLocal="
        + allowLinkLocal
        + ", allowPrivate="
        + allowPrivate
        + ", ports="
        + ports
        + ", allowlist="
        + allowlist
        + ", denylist="
        + denylist
        + "]";
  }

  private record Denial(DenyRule rule, EndpointPattern pattern) {
    @Override
    public String toString() {
      return pattern + " (" + rule.id() + ")";
    }
  }

  /**
   * Collects the policy's settings; each entry is validated as it is added, so a bad entry fails
   * with a message naming it. Starts from {@link OutboundPolicy#strict()}.
   */
  public static final class Builder {
    private boolean allowLoopback;
    private boolean allowLinkLocal;
    private boolean allowPrivate;
    private final List<EndpointPattern> allowlist = new ArrayList<>();
    private final List<Denial> denylist = new ArrayList<>();
    private PortRanges ports = PortRanges.ALL;

    private Builder() {}

    /** Allow {@code 127.0.0.0/8} and {@code ::1}. Default false. */
    public Builder allowLoopback(boolean allow) {
      this.allowLoopback = allow;
      return this;
    }

    /**
     * Allow {@code 169.254.0.0/16} and {@code fe80::/10}, cloud metadata included. Default false.
     */
    public Builder allowLinkLocal(boolean allow) {
      this.allowLinkLocal = allow;
      return this;
    }

    /** Allow the private ranges of {@link AddressClass#PRIVATE}. Default false. */
    public Builder allowPrivate(boolean allow) {
      this.allowPrivate = allow;
      return this;
    }

    /**
     * Allows a host name, {@code *.domain}, address or CIDR block, optionally {@code :port},
     * whatever its address class.
     *
     * @throws IllegalArgumentException when {@code entry} is not in one of those forms
     */
    public Builder allow(String entry) {
      allowlist.add(EndpointPattern.parse(entry));
      return this;
    }

    /** {@link #allow(String)} for each entry. */
    public Builder allowAll(Collection<String> entries) {
      entries.forEach(this::allow);
      return this;
    }

    /**
     * Denies a host name, {@code *.domain}, address or CIDR block, optionally {@code :port}, with
     * rule {@link DenyRule#DENYLIST}. The allowlist does not override it.
     *
     * @throws IllegalArgumentException when {@code entry} is not in one of those forms
     */
    public Builder deny(String entry) {
      denylist.add(new Denial(DenyRule.DENYLIST, EndpointPattern.parse(entry)));
      return this;
    }

    /** {@link #deny(String)} for each entry. */
    public Builder denyAll(Collection<String> entries) {
      entries.forEach(this::deny);
      return this;
    }

    /**
     * Denies the master database, with rule {@link DenyRule#MASTER_DATABASE}: its host name on
     * {@code port} and each of {@code addresses} (what the name resolved to at startup) on {@code
     * port}.
     */
    public Builder denyMasterDatabase(String host, int port, Collection<InetAddress> addresses) {
      addDenial(new Denial(DenyRule.MASTER_DATABASE, EndpointPattern.host(host, port)));
      for (InetAddress address : addresses) {
        addDenial(new Denial(DenyRule.MASTER_DATABASE, EndpointPattern.address(address, port)));
      }
      return this;
    }

    private void addDenial(Denial denial) {
      if (!denylist.contains(denial)) {
        denylist.add(denial);
      }
    }

    /** The ports connections may go to. Default {@link PortRanges#ALL}. */
    public Builder ports(PortRanges ports) {
      this.ports = Objects.requireNonNull(ports, "ports");
      return this;
    }

    /** {@link #ports(PortRanges)} from a spec such as {@code 5432,3306,6543}. */
    public Builder ports(String spec) {
      return ports(PortRanges.parse(spec));
    }

    /** The immutable policy. */
    public OutboundPolicy build() {
      return new OutboundPolicy(this);
    }
  }
}
