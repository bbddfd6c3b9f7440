package io.storeplane.provisioning.guard;

import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.StandardSocketFactory;
import io.storeplane.master.server.DatabaseEngine;
import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;

/**
 * A Connector/J socket factory whose connections are checked against {@link
 * OutboundGuards#current()}. For MySQL and MariaDB through Connector/J: {@code
 * socketFactory=io.storeplane.provisioning.guard.GuardedMySqlSocketFactory} (see {@link
 * GuardedJdbc#jdbcProperties(DatabaseEngine)}).
 *
 * <p>Connector/J's {@link StandardSocketFactory} resolves the host and tries each address in turn.
 * This factory first checks every address the host resolves to, then lets the standard procedure
 * run with sockets that check again the exact address they connect to, so a name that resolves
 * differently the second time (DNS rebinding) gains nothing. A denial is an {@link IOException}
 * that is not a {@link java.net.SocketException}, so Connector/J does not go on to the next
 * address; its cause is the {@link OutboundConnectionDeniedException}, which {@link
 * OutboundConnectionDeniedException#findIn(Throwable)} recovers from the driver's exception. TLS,
 * timeouts and socket options work as in the standard factory.
 */
public class GuardedMySqlSocketFactory extends StandardSocketFactory {

  /** The constructor Connector/J calls. */
  public GuardedMySqlSocketFactory() {}

  @Override
  protected Socket createSocket(PropertySet props) {
    return new GuardedSocket();
  }

  @Override
  public <T extends Closeable> T connect(
      String hostname, int portNumber, PropertySet pset, int loginTimeout) throws IOException {
    if (hostname != null) {
      try {
        OutboundGuards.current().check(hostname, portNumber);
      } catch (OutboundConnectionDeniedException e) {
        throw new ConnectionDeniedIOException(e);
      }
    }
    return super.connect(hostname, portNumber, pset, loginTimeout);
  }
}
