package io.storeplane.provisioning.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to all of its addresses. The guard checks every one. Tests inject a map so
 * that names resolve to chosen addresses without DNS.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * All addresses of {@code host}.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver, {@link InetAddress#getAllByName(String)}. */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
