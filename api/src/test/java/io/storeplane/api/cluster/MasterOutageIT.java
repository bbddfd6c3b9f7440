package io.storeplane.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.process.AppProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * Issue 15, findings 4 and 5: the master database fails under a running instance (the packaged
 * application), reached through a netcrusher proxy. Refused (the proxy closed): every API call
 * answers 503 {@code master-database-unavailable} with {@code Retry-After}, and the outage is
 * logged once per period, not a stack trace per request. Silent (the proxy frozen: connections
 * accepted, nothing answered): API calls and readiness answer within their own timeouts instead of
 * hanging for the whole outage.
 *
 * <p>One instance serves both cases (refused first, so that its log holds no earlier outage report;
 * the proxy is opened again and the instance answers 200 before the silent case). It runs the
 * production configuration with the master's timeouts set shorter through the same settings an
 * operator uses ({@link #TIMEOUTS}: pgjdbc's socket, connect and login timeouts and Agroal's
 * acquisition, login and validation timeouts), so that waiting them out costs seconds, not the
 * production defaults' 15 s per call; {@link #productionDefaultsBoundEveryWait} checks that the
 * production defaults set each of those timeouts, within the bounds docs/configuration.md gives.
 *
 * <p>The only time bounds are "does not hang" bounds, generous on a busy machine: three times the
 * configured timeout that should end the wait (the master's socket timeout for an API call, the
 * acquisition timeout plus the validation timeout for readiness). The socket timeout is shorter
 * than a third of the production default, so an instance that ignored the test's settings would
 * fail the silent case rather than pass it slowly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterOutageIT {

  /** How often {@code MasterOutages} logs an ongoing outage at most. */
  private static final long LOG_PERIOD_SECONDS = 30;

  /** The master's socket timeout for the test instance, in seconds (production: 15). */
  private static final int SOCKET_TIMEOUT_SECONDS = 4;

  /** The pool's acquisition timeout for the test instance, in seconds (production: 5). */
  private static final int ACQUISITION_TIMEOUT_SECONDS = 2;

  /** The pool's validation query timeout for the test instance, in seconds (production: 3). */
  private static final int VALIDATION_TIMEOUT_SECONDS = 1;

  /**
   * The master timeouts of the test instance, as environment variables for the keys
   * application.properties sets (the pgjdbc ones are map keys that exist there, so the variables
   * override them).
   */
  private static final Map<String, String> TIMEOUTS =
      Map.of(
          "QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SOCKETTIMEOUT",
          String.valueOf(SOCKET_TIMEOUT_SECONDS),
          "QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_CONNECTTIMEOUT",
          "1",
          "QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_LOGINTIMEOUT",
          "1",
          "QUARKUS_DATASOURCE_JDBC_LOGIN_TIMEOUT",
          "1S",
          "QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT",
          ACQUISITION_TIMEOUT_SECONDS + "S",
          "QUARKUS_DATASOURCE_JDBC_VALIDATION_QUERY_TIMEOUT",
          VALIDATION_TIMEOUT_SECONDS + "S");

  /** Three times the master's socket timeout: an API call answers within it. */
  private static final Duration CALL_BOUND = Duration.ofSeconds(3L * SOCKET_TIMEOUT_SECONDS);

  /** Three times readiness's own bound (acquisition + validation). */
  private static final Duration READINESS_BOUND =
      Duration.ofSeconds(3L * (ACQUISITION_TIMEOUT_SECONDS + VALIDATION_TIMEOUT_SECONDS));

  /** The api module's application.properties as packaged (failsafe runs in the module). */
  private static final Path PACKAGED_DEFAULTS =
      Path.of("target", "classes", "application.properties");

  /** How long the instance may take to serve again once the proxy is open and thawed. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static NioReactor reactor;
  private static TcpCrusher crusher;
  private static ControlPlaneCluster cluster;

  @BeforeAll
  static void instanceBehindACrusher() throws Exception {
    TestServer postgres = TestDatabases.postgres();
    reactor = new NioReactor();
    crusher =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", AppProcess.freePort())
            .withConnectAddress(postgres.host(), postgres.port())
            .buildAndOpen();
    int proxied = crusher.getBindAddress().getPort();
    cluster =
        ControlPlaneCluster.start(
            1,
            (TestDatabase master) -> {
              Map<String, String> settings = new HashMap<>(TIMEOUTS);
              settings.put(
                  "QUARKUS_DATASOURCE_JDBC_URL",
                  postgres.engine().jdbcUrl("127.0.0.1", proxied, master.name()));
              return settings;
            });
  }

  /** The proxy open and passing traffic, and the instance serving through it again. */
  @BeforeEach
  void masterReachable() throws Exception {
    if (!crusher.isOpen()) {
      crusher.open();
    }
    if (crusher.isFrozen()) {
      crusher.unfreeze();
    }
    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
    while (get(cluster.instance(0).uri("/api/v1/stores")).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the instance did not serve again within " + RECOVERY_BOUND);
      }
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (crusher != null && crusher.isOpen()) {
        crusher.close();
      }
      if (reactor != null) {
        reactor.close();
      }
    }
  }

  @Test
  @Order(1)
  void aRefusedMasterAnswers503WithRetryAfterAndIsLoggedOncePerPeriod() throws Exception {
    AppProcess instance = cluster.instance(0);
    assertThat(get(instance.uri("/api/v1/stores")).statusCode()).isEqualTo(200);
    int linesBefore = instance.logLines().size();

    crusher.close();
    long outageStarted = System.nanoTime();

    // Sent four at a time: a refused call takes one to two seconds on a busy machine.
    List<Future<HttpResponse<String>>> calls = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      for (int call = 0; call < 20; call++) {
        calls.add(callers.submit(() -> get(instance.uri("/api/v1/stores"))));
      }
      for (int call = 0; call < 20; call++) {
        HttpResponse<String> response = calls.get(call).get();
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
    } finally {
      callers.shutdownNow();
    }
    System.out.printf(
        "MasterOutageIT: 20 refused calls in %d ms%n",
        Duration.ofNanos(System.nanoTime() - outageStarted).toMillis());
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
  @Order(2)
  void aSilentMasterFailsCallsAndReadinessWithinTheirTimeouts() throws Exception {
    AppProcess instance = cluster.instance(0);
    assertThat(get(instance.uri("/api/v1/stores")).statusCode()).isEqualTo(200);

    crusher.freeze();
    long frozen = System.nanoTime();

    for (int call = 0; call < 3; call++) {
      HttpResponse<String> response = within(CALL_BOUND, instance.uri("/api/v1/stores"));
      assertThat(response.statusCode()).as("call %d: %s", call, response.body()).isEqualTo(503);
      assertThat(response.body()).contains("urn:storeplane:problem:master-database-unavailable");
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }
    HttpResponse<String> ready = within(READINESS_BOUND, instance.managementUri("/q/health/ready"));
    assertThat(ready.statusCode()).as("readiness: %s", ready.body()).isEqualTo(503);
    System.out.printf(
        "MasterOutageIT: 3 calls and readiness to a silent master in %d ms%n",
        Duration.ofNanos(System.nanoTime() - frozen).toMillis());

    crusher.unfreeze();
  }

  /**
   * The timeouts the test shortens are the production defaults' own keys, and production sets each
   * of them: the master's socket timeout (15 s) ends a call to a silent master, the connect and
   * login timeouts (3 s) a new connection to it, the acquisition (5 s) and validation (3 s)
   * timeouts readiness.
   */
  @Test
  @Order(3)
  void productionDefaultsBoundEveryWait() throws IOException {
    Properties defaults = new Properties();
    try (InputStream in = Files.newInputStream(PACKAGED_DEFAULTS)) {
      defaults.load(in);
    }
    assertThat(defaults)
        .containsEntry("quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "15")
        .containsEntry("quarkus.datasource.jdbc.additional-jdbc-properties.connectTimeout", "3")
        .containsEntry("quarkus.datasource.jdbc.additional-jdbc-properties.loginTimeout", "3")
        .containsEntry("quarkus.datasource.jdbc.login-timeout", "3S")
        .containsEntry("quarkus.datasource.jdbc.acquisition-timeout", "5S")
        .containsEntry("quarkus.datasource.jdbc.validation-query-timeout", "3S");
    for (String variable : TIMEOUTS.keySet()) {
      assertThat(defaults.stringPropertyNames())
          .as("%s overrides a key application.properties sets", variable)
          .anyMatch(
              key -> variable.equals(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")));
    }
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return within(CALL_BOUND, uri);
  }

  /** GETs {@code uri} as the admin; an answer that takes longer than {@code bound} fails. */
  private static HttpResponse<String> within(Duration bound, URI uri)
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
}
