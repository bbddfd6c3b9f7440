package io.storeplane.provisioning.guard;

import io.storeplane.master.server.DatabaseEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets check every connect against {@link
 * OutboundGuards#current()}. For the PostgreSQL JDBC driver: {@code
 * socketFactory=io.storeplane.provisioning.guard.GuardedSocketFactory} (see {@link
 * GuardedJdbc#jdbcProperties(DatabaseEngine)}).
 *
 * <p>pgjdbc instantiates it reflectively, preferring a constructor taking {@code Properties}, then
 * one taking a {@code String}, then the no-argument one. This class has only the no-argument
 * constructor on purpose: the connection properties, password included, never reach it.
 *
 * <p>pgjdbc calls {@link #createSocket()} and connects the socket itself, to an address it resolved
 * (or, with a SOCKS proxy configured, an unresolved one, which the socket resolves and checks
 * instead; the guarded socket never uses a proxy). A denial surfaces as an {@link IOException}
 * whose cause is the {@link OutboundConnectionDeniedException}; pgjdbc wraps it in a {@code
 * PSQLException} ("The connection attempt failed."), from which {@link
 * OutboundConnectionDeniedException#findIn(Throwable)} recovers it.
 */
public class GuardedSocketFactory extends SocketFactory {

  /** The constructor pgjdbc calls. */
  public GuardedSocketFactory() {}

  /** An unconnected socket that checks the address when it connects. */
  @Override
  public Socket createSocket() {
    return new GuardedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connect(host, port, null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connect(host, port, new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connect(List.of(new InetSocketAddress(host, port)), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connect(
        List.of(new InetSocketAddress(address, port)),
        new InetSocketAddress(localAddress, localPort));
  }

  private static Socket connect(String host, int port, SocketAddress local) throws IOException {
    List<InetSocketAddress> targets;
    try {
      targets = OutboundGuards.current().check(host, port);
    } catch (OutboundConnectionDeniedException e) {
      throw new ConnectionDeniedIOException(e);
    }
    return connect(targets, local);
  }

  /** Tries each address in turn; a denial ends the attempt, other failures try the next one. */
  private static Socket connect(List<InetSocketAddress> targets, SocketAddress local)
      throws IOException {
    IOException failure = null;
    for (InetSocketAddress target : targets) {
      GuardedSocket socket = new GuardedSocket();
      try {
        if (local != null) {
          socket.bind(local);
        }
        socket.connect(target);
        return socket;
      } catch (ConnectionDeniedIOException e) {
        closeQuietly(socket, e);
        throw e;
      } catch (IOException e) {
        closeQuietly(socket, e);
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  private static void closeQuietly(Socket socket, IOException failure) {
    try {
      socket.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
