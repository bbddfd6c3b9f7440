package io.storeplane.provisioning.guard;

import java.io.IOException;

/**
 * Carries an {@link OutboundConnectionDeniedException} through socket and driver code, which only
 * let {@link IOException}s pass. Deliberately not a {@link java.net.SocketException}: Connector/J
 * tries the next address after a SocketException, but a denial must end the attempt.
 */
final class ConnectionDeniedIOException extends IOException {

  private static final long serialVersionUID = 1L;

  ConnectionDeniedIOException(OutboundConnectionDeniedException denial) {
    super(denial.getMessage(), denial);
  }
}
