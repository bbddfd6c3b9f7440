package io.storeplane.provisioning.guard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * A plain TCP socket (never through a proxy) that asks the installed {@link OutboundGuard} about
 * the exact address it is about to connect to, so the address checked is the address connected to.
 * An unresolved address is resolved and checked by the guard and the socket connects to its first
 * address.
 */
final class GuardedSocket extends Socket {

  GuardedSocket() {
    super(Proxy.NO_PROXY);
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    connect(endpoint, 0);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    if (!(endpoint instanceof InetSocketAddress requested)) {
      throw new IllegalArgumentException("Unsupported address type");
    }
    InetSocketAddress target;
    try {
      OutboundGuard guard = OutboundGuards.current();
      if (requested.isUnresolved()) {
        target = guard.check(requested.getHostString(), requested.getPort()).get(0);
      } else {
        if (IpLiterals.parse(Hosts.normalize(requested.getHostString())).isEmpty()) {
          // Reached through a name: every address of the name must pass, as in check().
          guard.check(requested.getHostString(), requested.getPort());
        }
        guard.checkAddress(requested);
        target = requested;
      }
    } catch (OutboundConnectionDeniedException e) {
      ConnectionDeniedIOException denied = new ConnectionDeniedIOException(e);
      try {
        close();
      } catch (IOException closeFailure) {
        denied.addSuppressed(closeFailure);
      }
      throw denied;
    }
    super.connect(target, timeout);
  }
}
