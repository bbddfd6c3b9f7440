package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard inside the real drivers: pgjdbc with {@link GuardedSocketFactory}, Connector/J with
 * {@link GuardedMySqlSocketFactory}, against real servers from the test-databases harness.
 */
class JdbcDriverGuardTest {

  private static final String URL_PASSWORD = "url-Secret-4f1d";
  private static final String PROPERTY_PASSWORD = "prop-Secret-9c2e";

  private OutboundGuard previous;

  /**
   * DriverManager registers the drivers it finds on its first use, with the class loader of that
   * moment; when a {@code @QuarkusTest} in this module ran first, those were Quarkus' and are gone.
   * Loading the drivers here registers them for this class loader.
   */
  @BeforeAll
  static void registerDrivers() throws ClassNotFoundException {
    Class.forName("org.postgresql.Driver");
    Class.forName("com.mysql.cj.jdbc.Driver");
  }

  @BeforeEach
  void remember() {
    previous = OutboundGuards.current();
  }

  @AfterEach
  void restore() {
    OutboundGuards.install(previous);
  }

  @Test
  void pgjdbcIsDeniedByTheProductionPolicyBeforeAnyByteIsSent() throws Exception {
    OutboundGuards.install(OutboundGuard.strict());
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      String url =
          "jdbc:postgresql://127.0.0.1:%d/postgres?socketFactory=%s&password=%s"
              .formatted(
                  listener.getLocalPort(), GuardedSocketFactory.class.getName(), URL_PASSWORD);

      SQLException e = connectFails(url, "postgres");

      assertDeniedByRule(e, DenyRule.LOOPBACK);
      listener.setSoTimeout(200);
      assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void pgjdbcToTheRealServerIsDeniedUnderProductionAndAllowedWithLoopback() throws SQLException {
    TestServer server = TestDatabases.postgres();
    assumeTrue(isLoopback(server.host()), "the test server must be on loopback");
    String url =
        server.jdbcUrl("postgres")
            + "?socketFactory="
            + GuardedSocketFactory.class.getName()
            + "&password="
            + URL_PASSWORD;

    OutboundGuards.install(OutboundGuard.strict());
    assertDeniedByRule(connectFails(url, server.adminUser()), DenyRule.LOOPBACK);

    OutboundGuards.install(allowLoopback());
    Properties properties = credentials(server);
    properties.putAll(GuardedJdbc.jdbcProperties(DatabaseEngine.POSTGRESQL));
    try (Connection connection =
        DriverManager.getConnection(server.jdbcUrl("postgres"), properties)) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void connectorJIsDeniedUnderProductionAndAllowedWithLoopback() throws SQLException {
    TestServer server = TestDatabases.mysql();
    assumeTrue(isLoopback(server.host()), "the test server must be on loopback");
    String url =
        "jdbc:mysql://%s:%d/?socketFactory=%s&useSSL=false&allowPublicKeyRetrieval=true&password=%s"
            .formatted(
                server.host(),
                server.port(),
                GuardedMySqlSocketFactory.class.getName(),
                URL_PASSWORD);

    OutboundGuards.install(OutboundGuard.strict());
    assertDeniedByRule(connectFails(url, server.adminUser()), DenyRule.LOOPBACK);

    OutboundGuards.install(allowLoopback());
    Properties properties = credentials(server);
    properties.putAll(GuardedJdbc.jdbcProperties(DatabaseEngine.MYSQL));
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl(""), properties)) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void connectorJChecksTheAddressItConnectsToNotOnlyTheName() {
    TestServer server = TestDatabases.mysql();
    assumeTrue(isLoopback(server.host()), "the test server must be on loopback");
    // The guard's resolver says "localhost" is public; Connector/J's own lookup says loopback.
    OutboundGuards.install(
        new OutboundGuard(
            OutboundPolicy.strict(), new MapHostResolver().with("localhost", "93.184.216.34")));
    String url =
        "jdbc:mysql://localhost:%d/?socketFactory=%s&useSSL=false&allowPublicKeyRetrieval=true"
            .formatted(server.port(), GuardedMySqlSocketFactory.class.getName());

    assertDeniedByRule(connectFails(url, server.adminUser()), DenyRule.LOOPBACK);
  }

  @Test
  void jdbcPropertiesNameTheGuardedFactories() {
    assertThat(GuardedJdbc.jdbcProperties(DatabaseEngine.POSTGRESQL))
        .containsEntry("socketFactory", GuardedSocketFactory.class.getName());
    assertThat(GuardedJdbc.jdbcProperties(DatabaseEngine.MYSQL))
        .containsEntry("socketFactory", GuardedMySqlSocketFactory.class.getName())
        .containsEntry("allowLoadLocalInfile", "false");
    assertThat(JdbcUrls.engineOf("jdbc:mysql://db/x")).isEqualTo(DatabaseEngine.MYSQL);
    assertThat(JdbcUrls.engineOf("jdbc:postgresql://db/x")).isEqualTo(DatabaseEngine.POSTGRESQL);
  }

  private static SQLException connectFails(String url, String user) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", PROPERTY_PASSWORD);
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection(url, properties).close());
    assertThat((Throwable) e).as("connection to %s should fail", JdbcUrls.redact(url)).isNotNull();
    return e;
  }

  /** The denial is in the cause chain, its rule is named, and no password appears anywhere. */
  private static void assertDeniedByRule(SQLException e, DenyRule rule) {
    assertThat(OutboundConnectionDeniedException.findIn(e))
        .hasValueSatisfying(d -> assertThat(d.rule()).isEqualTo(rule));
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString())
        .contains("denied by rule '" + rule.id() + "'")
        .doesNotContain(URL_PASSWORD)
        .doesNotContain(PROPERTY_PASSWORD);
  }

  private static OutboundGuard allowLoopback() {
    return new OutboundGuard(
        OutboundPolicy.builder().allowLoopback(true).build(), HostResolver.system());
  }

  private static Properties credentials(TestServer server) {
    Properties properties = new Properties();
    properties.setProperty("user", server.adminUser());
    properties.setProperty("password", server.adminPassword());
    return properties;
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
