package io.storeplane.provisioning.guard;

import io.storeplane.error.StoreplaneException;
import java.net.InetAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An outbound connection the {@link OutboundPolicy} refused, or whose host does not resolve.
 * Carries the stable {@link #rule()} (its {@link #code()}), the host and port asked for and the
 * offending address; never credentials. The API answers it with 422 problem+json whose code is
 * {@code connection-denied-<rule id>}.
 *
 * <p>Inside a JDBC driver the guard's socket factories wrap it in an {@link java.io.IOException},
 * which the driver wraps again; {@link #findIn(Throwable)} digs it out of such a chain.
 */
public class OutboundConnectionDeniedException extends StoreplaneException {

  private static final long serialVersionUID = 1L;
  private static final int MAX_HOST_LENGTH = 253;

  private final String host;
  private final int port;
  private final InetAddress address;

  /**
   * @param rule why the connection was refused
   * @param host the host asked for; anything up to an {@code @} is dropped, in case a caller passed
   *     user info
   * @param port the port asked for
   * @param address the address that broke the rule, or null when there is none (port, unknown host)
   */
  public OutboundConnectionDeniedException(
      DenyRule rule, String host, int port, InetAddress address) {
    super(Objects.requireNonNull(rule, "rule"), message(rule, sanitize(host), port, address), null);
    this.host = sanitize(host);
    this.port = port;
    this.address = address;
  }

  /** The first {@code OutboundConnectionDeniedException} in {@code failure}'s cause chain. */
  public static Optional<OutboundConnectionDeniedException> findIn(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof OutboundConnectionDeniedException denied) {
        return Optional.of(denied);
      }
    }
    return Optional.empty();
  }

  /** The rule that refused the connection, as this exception's code. */
  @Override
  public DenyRule code() {
    return (DenyRule) super.code();
  }

  /** The rule that refused the connection (the same as {@link #code()}). */
  public DenyRule rule() {
    return code();
  }

  /** The host asked for. */
  public String host() {
    return host;
  }

  /** The port asked for. */
  public int port() {
    return port;
  }

  /** The address that broke the rule; empty for {@link DenyRule#PORT} and unknown hosts. */
  public Optional<InetAddress> address() {
    return Optional.ofNullable(address);
  }

  private static String message(DenyRule rule, String host, int port, InetAddress address) {
    String endpoint = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    if (rule == DenyRule.UNKNOWN_HOST) {
      return "Outbound connection to "
          + endpoint
          + " refused: the host does not resolve (rule '"
          + rule.id()
          + "')";
    }
    String resolved =
        address == null || address.getHostAddress().equals(host)
            ? ""
            : " (" + address.getHostAddress() + ")";
    return "Outbound connection to " + endpoint + resolved + " denied by rule '" + rule.id() + "'";
  }

  private static String sanitize(String host) {
    if (host == null) {
      return "";
    }
    String h = host.substring(host.lastIndexOf('@') + 1).strip();
    h =
        h.codePoints()
            .filter(c -> c >= 0x20 && c != 0x7f)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return h.length() <= MAX_HOST_LENGTH ? h : h.substring(0, MAX_HOST_LENGTH) + "...";
  }
}
