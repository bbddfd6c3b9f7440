package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1: the factory's sockets connect only where the guard allows. */
class GuardedSocketFactoryTest {

  private final GuardedSocketFactory factory = new GuardedSocketFactory();
  private OutboundGuard previous;
  private ServerSocket server;

  @BeforeEach
  void listen() throws IOException {
    previous = OutboundGuards.current();
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    server.setSoTimeout(2_000);
  }

  @AfterEach
  void restore() throws IOException {
    OutboundGuards.install(previous);
    server.close();
  }

  @Test
  void defaultHolderIsTheStrictPolicy() {
    assertThat(OutboundGuards.current().policy().allows(AddressClass.LOOPBACK)).isFalse();
  }

  @Test
  void unconnectedSocketIsDeniedAtConnectAndNothingReachesTheServer() throws IOException {
    OutboundGuards.install(OutboundGuard.strict());
    Socket socket = factory.createSocket();

    IOException e =
        catchThrowableOfType(
            IOException.class,
            () -> socket.connect(new InetSocketAddress("127.0.0.1", port()), 1_000));

    assertThat(OutboundConnectionDeniedException.findIn(e))
        .hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo(DenyRule.LOOPBACK));
    assertThat(e).hasMessageContaining("rule 'loopback'");
    assertThat(socket.isClosed()).isTrue();
    server.setSoTimeout(200);
    assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void connectingFactoryMethodsAreDeniedToo() {
    OutboundGuards.install(OutboundGuard.strict());
    InetAddress loopback = server.getInetAddress();

    for (ThrowingConnect connect :
        new ThrowingConnect[] {
          () -> factory.createSocket("127.0.0.1", port()),
          () -> factory.createSocket("localhost", port()),
          () -> factory.createSocket(loopback, port()),
          () -> factory.createSocket(loopback, port(), loopback, 0),
          () -> factory.createSocket("127.0.0.1", port(), loopback, 0)
        }) {
      IOException e = catchThrowableOfType(IOException.class, connect::connect);
      assertThat(OutboundConnectionDeniedException.findIn(e)).isPresent();
    }
  }

  @Test
  void allowedAddressesConnectAndCarryData() throws IOException {
    OutboundGuards.install(
        new OutboundGuard(
            OutboundPolicy.builder().allowLoopback(true).build(), HostResolver.system()));

    try (Socket client = factory.createSocket("127.0.0.1", port());
        Socket accepted = server.accept()) {
      client.getOutputStream().write(42);
      assertThat(accepted.getInputStream().read()).isEqualTo(42);
    }
    try (Socket client = factory.createSocket()) {
      client.connect(new InetSocketAddress("127.0.0.1", port()), 1_000);
      assertThat(client.isConnected()).isTrue();
      server.accept().close();
    }
  }

  @Test
  void theAddressConnectedToIsCheckedNotOnlyTheName() throws IOException {
    // The guard's resolver says the name is public; the driver's own lookup moments later says
    // loopback (DNS rebinding). The socket checks the address it is given and refuses.
    OutboundGuards.install(
        new OutboundGuard(
            OutboundPolicy.strict(),
            new MapHostResolver().with("rebind.example", "93.184.216.34")));
    InetAddress rebound =
        InetAddress.getByAddress("rebind.example", server.getInetAddress().getAddress());
    Socket socket = factory.createSocket();

    IOException e =
        catchThrowableOfType(
            IOException.class, () -> socket.connect(new InetSocketAddress(rebound, port())));

    assertThat(OutboundConnectionDeniedException.findIn(e))
        .hasValueSatisfying(
            d -> {
              assertThat(d.rule()).isEqualTo(DenyRule.LOOPBACK);
              assertThat(d.host()).isEqualTo("rebind.example");
            });
  }

  @Test
  void everyAddressOfTheNameIsCheckedAtConnect() throws IOException {
    OutboundGuards.install(
        new OutboundGuard(
            OutboundPolicy.builder().allowLoopback(true).build(),
            new MapHostResolver().with("mixed.example", "127.0.0.1", "10.0.0.1")));
    InetAddress first =
        InetAddress.getByAddress("mixed.example", server.getInetAddress().getAddress());
    Socket socket = factory.createSocket();

    IOException e =
        catchThrowableOfType(
            IOException.class, () -> socket.connect(new InetSocketAddress(first, port())));

    assertThat(OutboundConnectionDeniedException.findIn(e))
        .hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo(DenyRule.PRIVATE));
  }

  private int port() {
    return server.getLocalPort();
  }

  @FunctionalInterface
  private interface ThrowingConnect {
    Socket connect() throws IOException;
  }
}
