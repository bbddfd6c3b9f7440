package io.storeplane.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.process.AppProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * Issue 15, findings 4 and 5: the master database fails under a running instance (the packaged
 * application, with its production defaults), reached through a netcrusher proxy. Refused (the
 * proxy closed): every API call answers 503 {@code master-database-unavailable} with {@code
 * Retry-After}, and the outage is logged once per period, not a stack trace per request. Silent
 * (the proxy frozen: connections accepted, nothing answered): API calls and readiness answer within
 * their own timeouts instead of hanging for the whole outage.
 *
 * <p>The only time bounds are "does not hang" bounds, generous on a busy machine: three times the
 * configured timeout that should end the wait (the master's socket timeout of 15 s for an API call,
 * the acquisition timeout plus the validation timeout, 8 s, for readiness).
 */
class MasterOutageIT {

  /** How often {@code MasterOutages} logs an ongoing outage at most. */
  private static final long LOG_PERIOD_SECONDS = 30;

  /** Three times the master's default socket timeout (15 s): an API call answers within it. */
  private static final Duration CALL_BOUND = Duration.ofSeconds(45);

  /** Three times readiness's own bound (acquisition 5 s + validation 3 s), rounded up. */
  private static final Duration READINESS_BOUND = Duration.ofSeconds(30);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private NioReactor reactor;
  private TcpCrusher crusher;
  private ControlPlaneCluster cluster;

  @BeforeEach
  void instanceBehindACrusher() throws Exception {
    TestServer postgres = TestDatabases.postgres();
    reactor = new NioReactor();
    crusher =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", freePort())
            .withConnectAddress(postgres.host(), postgres.port())
            .buildAndOpen();
    int proxied = crusher.getBindAddress().getPort();
    cluster =
        ControlPlaneCluster.start(
            1,
            (TestDatabase master) ->
                Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL",
                    postgres.engine().jdbcUrl("127.0.0.1", proxied, master.name())));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (crusher.isOpen()) {
        crusher.close();
      }
      reactor.close();
    }
  }

  @Test
  void aRefusedMasterAnswers503WithRetryAfterAndIsLoggedOncePerPeriod() throws Exception {
    AppProcess instance = cluster.instance(0);
    assertThat(get(instance.uri("/api/v1/stores")).statusCode()).isEqualTo(200);
    int linesBefore = instance.logLines().size();

    crusher.close();
    long outageStarted = System.nanoTime();

    for (int call = 0; call < 20; call++) {
      HttpResponse<String> response = get(instance.uri("/api/v1/stores"));
      assertThat(response.statusCode()).as("call %d: %s", call, response.body()).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(response.body())
          .contains("urn:storeplane:problem:master-database-unavailable")
          .doesNotContain("Exception")
          .doesNotContain("SQL")
          .doesNotContain("127.0.0.1");
    }
    HttpResponse<String> ready = get(instance.managementUri("/q/health/ready"));
    assertThat(ready.statusCode()).as("readiness: %s", ready.body()).isEqualTo(503);

    List<String> outage = instance.logLines().subList(linesBefore, instance.logLines().size());
    assertThat(outage)
        .as("no request is logged as an unexpected failure")
        .noneMatch(line -> line.contains("Unexpected failure handling request"));
    long periods =
        1 + Duration.ofNanos(System.nanoTime() - outageStarted).toSeconds() / LOG_PERIOD_SECONDS;
    assertThat(outage.stream().filter(line -> line.contains("master-database-unavailable")))
        .as("20 refused calls are logged once per started period of the outage, not per call")
        .hasSizeBetween(1, (int) periods);
    assertThat(outage)
        .as("the 503s come with no stack trace of their own")
        .noneMatch(line -> line.contains("[io.st.ap.pr.ProblemMappers]"));
  }

  @Test
  void aSilentMasterFailsCallsAndReadinessWithinTheirTimeouts() throws Exception {
    AppProcess instance = cluster.instance(0);
    assertThat(get(instance.uri("/api/v1/stores")).statusCode()).isEqualTo(200);

    crusher.freeze();

    for (int call = 0; call < 3; call++) {
      HttpResponse<String> response = within(CALL_BOUND, instance.uri("/api/v1/stores"));
      assertThat(response.statusCode()).as("call %d: %s", call, response.body()).isEqualTo(503);
      assertThat(response.body()).contains("urn:storeplane:problem:master-database-unavailable");
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
    HttpResponse<String> ready = within(READINESS_BOUND, instance.managementUri("/q/health/ready"));
    assertThat(ready.statusCode()).as("readiness: %s", ready.body()).isEqualTo(503);

    crusher.unfreeze();
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return within(CALL_BOUND, uri);
  }

  /** GETs {@code uri} as the admin; an answer that takes longer than {@code bound} fails. */
  private HttpResponse<String> within(Duration bound, URI uri)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(bound)
            .header("Authorization", "Bearer " + cluster.adminToken())
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AssertionError("GET " + uri.getPath() + " hung: no answer within " + bound, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
