package io.storeplane.api.security;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client address every per-address rule uses: the socket's remote address, or the address a
 * trusted proxy forwarded when {@code quarkus.http.proxy.*} says to honour it (Quarkus then reports
 * it as the remote address; docs/security.md).
 */
public final class ClientAddress {

  private ClientAddress() {}

  /** The request's client address, {@code unknown} when the connection has none. */
  public static String of(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}
