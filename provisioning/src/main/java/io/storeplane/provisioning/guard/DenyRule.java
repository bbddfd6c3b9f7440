package io.storeplane.provisioning.guard;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/**
 * Why an outbound connection was refused: the error code of an {@link
 * OutboundConnectionDeniedException}. {@link #id()} is stable: the API answers with the problem
 * code {@code connection-denied-<id>} ({@link #code()}) and clients may branch on it.
 */
public enum DenyRule implements ErrorCode {
  /** The address is loopback; see {@link AddressClass#LOOPBACK}. */
  LOOPBACK("loopback"),
  /** The address is link-local, e.g. cloud metadata; see {@link AddressClass#LINK_LOCAL}. */
  LINK_LOCAL("link-local"),
  /** The address is in a private range; see {@link AddressClass#PRIVATE}. */
  PRIVATE("private"),
  /** The address is {@code 0.0.0.0} or {@code ::}; see {@link AddressClass#UNSPECIFIED}. */
  UNSPECIFIED("unspecified"),
  /** The address is multicast; see {@link AddressClass#MULTICAST}. */
  MULTICAST("multicast"),
  /** The address is in a special-purpose block; see {@link AddressClass#RESERVED}. */
  RESERVED("reserved"),
  /** The endpoint is the control plane's own master database. */
  MASTER_DATABASE("master-database"),
  /** The endpoint is on the configured denylist. */
  DENYLIST("denylist"),
  /** The port is outside the allowed ports. */
  PORT("port"),
  /** The host name does not resolve to any address. */
  UNKNOWN_HOST("unknown-host");

  private final String id;

  DenyRule(String id) {
    this.id = id;
  }

  /** The stable, lower-case name of the rule, e.g. {@code link-local}. */
  public String id() {
    return id;
  }

  /** A policy refused the connection: {@link ErrorKind#DENIED}, answered with 422. */
  @Override
  public ErrorKind kind() {
    return ErrorKind.DENIED;
  }

  /** The problem code, e.g. {@code connection-denied-link-local}. */
  @Override
  public String code() {
    return "connection-denied-" + id;
  }

  /** The rule that refuses addresses of {@code addressClass}; not defined for PUBLIC. */
  static DenyRule forAddressClass(AddressClass addressClass) {
    return switch (addressClass) {
      case LOOPBACK -> LOOPBACK;
      case LINK_LOCAL -> LINK_LOCAL;
      case PRIVATE -> PRIVATE;
      case UNSPECIFIED -> UNSPECIFIED;
      case MULTICAST -> MULTICAST;
      case RESERVED -> RESERVED;
      case PUBLIC -> throw new IllegalArgumentException("public addresses have no deny rule");
    };
  }
}
