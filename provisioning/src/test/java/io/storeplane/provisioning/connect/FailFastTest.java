package io.storeplane.provisioning.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.OutboundGuard;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.time.SettableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * Failing fast against real servers: a stopped server (a proxy that is closed, a port where nothing
 * listens) and a server that accepts but never answers fail within the connect timeout; a store
 * that keeps failing trips its circuit breaker (open, half-open, closed); statements that run too
 * long hit the query timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailFastTest {

  /** Generous slack over the configured timeout for a shared, busy machine. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

  private final SettableClock clock = new SettableClock();
  private final MapRouteResolver resolver = new MapRouteResolver();
  private OutboundGuard previousGuard;
  private TestDatabase postgres;
  private TestDatabase mysql;
  private ConnectionManager manager;
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @BeforeAll
  void databases() {
    previousGuard = TestStores.installLocalGuard();
    postgres = TestDatabases.postgres().createDatabase("failfast");
    mysql = TestDatabases.mysql().createDatabase("failfast");
  }

  @AfterAll
  void dropDatabases() {
    OutboundGuards.install(previousGuard);
    Stream.of(postgres, mysql).filter(Objects::nonNull).forEach(TestDatabase::close);
  }

  @BeforeEach
  void newManager() {
    manager =
        new ConnectionManager(
            PoolSettings.builder()
                .budget(20)
                .maxPoolSize(2)
                .connectTimeout(CONNECT_TIMEOUT)
                .queryTimeout(Duration.ofSeconds(1))
                .breakerFailureThreshold(3)
                .breakerCoolDown(Duration.ofSeconds(30))
                .maintenanceInterval(Duration.ZERO)
                .versionCheckInterval(Duration.ZERO)
                .build(),
            resolver,
            new NoMasterDataSource(),
            clock,
            new SimpleMeterRegistry());
  }

  @AfterEach
  void close() throws Exception {
    manager.close();
    for (AutoCloseable closeable : closeAfter) {
      closeable.close();
    }
    closeAfter.clear();
  }

  private TestDatabase on(Engine engine) {
    return engine == Engine.POSTGRESQL ? postgres : mysql;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aStoppedServerFailsWithinTheConnectTimeoutThenTheBreakerOpensAndClosesAgain(Engine engine)
      throws Exception {
    TestDatabase database = on(engine);
    TcpProxy proxy = TcpProxy.to(database.server().host(), database.server().port());
    closeAfter.add(proxy);
    UUID id = UUID.randomUUID();
    resolver.put(
        TestStores.route(
            id,
            "flaky",
            TestStores.target(database, proxy.port(), database.username(), database.password()),
            2,
            1));
    StoreJdbc jdbc = manager.forStore(id).jdbc().orElseThrow();
    assertThat(jdbc.query("SELECT 1 AS one")).hasSize(1);

    proxy.stop();

    for (int failure = 1; failure <= 3; failure++) {
      long started = System.nanoTime();
      ProvisioningException e = failure(() -> jdbc.query("SELECT 1"));
      assertThat(e.code()).isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
      assertThat(e.getMessage()).contains("store-flaky");
      assertThat(elapsed(started)).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
    }
    assertThat(manager.status(id).breaker().state()).isEqualTo(BreakerState.OPEN);

    long started = System.nanoTime();
    ProvisioningException fast = failure(() -> jdbc.query("SELECT 1"));
    assertThat(elapsed(started)).as("fails fast while open").isLessThan(CONNECT_TIMEOUT);
    assertThat(fast.code()).isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    assertThat(fast.getMessage()).contains("store-flaky").contains("3 consecutive failures");

    clock.advance(Duration.ofSeconds(31));
    assertThat(failure(() -> jdbc.query("SELECT 1")).code())
        .as("the trial call fails: still down")
        .isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    assertThat(manager.status(id).breaker().state()).isEqualTo(BreakerState.OPEN);

    proxy.start();
    assertThat(failure(() -> jdbc.query("SELECT 1")).getMessage())
        .as("open again for a new cool-down")
        .contains("calls fail fast until");
    clock.advance(Duration.ofSeconds(31));

    assertThat(jdbc.query("SELECT 1 AS one")).as("the trial call succeeds").hasSize(1);
    assertThat(manager.status(id).breaker().state()).isEqualTo(BreakerState.CLOSED);
    assertThat(manager.status(id).breaker().consecutiveFailures()).isZero();
  }

  @Test
  void aPortWhereNothingListensFailsWithinTheConnectTimeout() throws IOException {
    int port = TestStores.closedPort();
    UUID id = UUID.randomUUID();
    resolver.put(
        TestStores.route(id, "nowhere", TestStores.target(postgres, port, "postgres", ""), 2, 1));

    long started = System.nanoTime();
    ProvisioningException e =
        failure(() -> manager.forStore(id).jdbc().orElseThrow().query("SELECT 1"));

    assertThat(elapsed(started)).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    assertThat(e.getMessage()).contains("store-nowhere").contains("refused");
  }

  @Test
  void aServerThatAcceptsButNeverAnswersFailsWithinTheConnectTimeout() throws IOException {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    closeAfter.add(silent);
    List<Socket> accepted = new ArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (IOException e) {
                accepted.forEach(FailFastTest::closeQuietly);
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    UUID id = UUID.randomUUID();
    resolver.put(
        TestStores.route(
            id,
            "silent",
            TestStores.target(postgres, silent.getLocalPort(), "postgres", ""),
            2,
            1));

    long started = System.nanoTime();
    ProvisioningException e =
        failure(() -> manager.forStore(id).jdbc().orElseThrow().query("SELECT 1"));

    assertThat(elapsed(started)).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aStatementRunningPastTheQueryTimeoutIsCancelled(Engine engine) {
    TestDatabase database = on(engine);
    StoreRoute store = TestStores.route(database, "slow");
    resolver.put(store);
    String sleep =
        engine == Engine.POSTGRESQL ? "SELECT pg_sleep(10)" : "SELECT SLEEP(10) AS slept";

    long started = System.nanoTime();
    ProvisioningException e =
        failure(() -> manager.forStore(store.storeId()).jdbc().orElseThrow().query(sleep));

    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_QUERY_TIMEOUT);
    assertThat(e.getMessage()).contains("store-slow");
    assertThat(elapsed(started)).isLessThan(Duration.ofSeconds(1).plus(SLACK));
    assertThat(manager.forStore(store.storeId()).jdbc().orElseThrow().query("SELECT 1"))
        .as("the pool still serves")
        .hasSize(1);
  }

  @Test
  void badSqlIsTheCallersFaultAndDoesNotCountForTheBreaker() {
    StoreRoute store = TestStores.route(postgres, "typo");
    resolver.put(store);
    StoreJdbc jdbc = manager.forStore(store.storeId()).jdbc().orElseThrow();

    for (int i = 0; i < 5; i++) {
      assertThat(failure(() -> jdbc.query("SELEKT 1")).code())
          .isEqualTo(ProvisioningError.STORE_QUERY_FAILED);
    }

    assertThat(manager.status(store.storeId()).breaker().state()).isEqualTo(BreakerState.CLOSED);
    assertThat(jdbc.query("SELECT 1")).hasSize(1);
  }

  /**
   * Issue 15, finding 5: a database that goes silent (netcrusher freezes the connection: the server
   * accepts and never answers) while the store's connections are busy. The calls holding them can
   * only end at the driver's socket timeout; everyone else must not wait for {@code
   * connection-capacity-exhausted} (which the breaker ignores) until then: once the pool's own
   * connections are stuck past the query timeout, a call fails at once with {@code
   * store-database-unavailable}, counted, and the breaker opens while the stuck calls still hang.
   * The only time bounds are generous ("does not hang"): each call answers within the connect
   * timeout plus slack.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aFrozenDatabaseOpensTheBreakerWhileItsConnectionsAreStuck(Engine engine) throws Exception {
    TestDatabase database = on(engine);
    TcpCrusher crusher = crusher(database);
    UUID id = UUID.randomUUID();
    resolver.put(
        TestStores.route(
            id,
            "frozen",
            TestStores.target(
                database,
                crusher.getBindAddress().getPort(),
                database.username(),
                database.password()),
            2,
            1));
    StoreJdbc jdbc = manager.forStore(id).jdbc().orElseThrow();
    String slow = engine == Engine.POSTGRESQL ? "SELECT pg_sleep(0.5)" : "SELECT SLEEP(0.5) AS s";
    ExecutorService callers = Executors.newFixedThreadPool(2);
    closeAfter.add(callers::shutdownNow);
    List<Future<?>> stuck =
        List.of(callers.submit(() -> jdbc.query(slow)), callers.submit(() -> jdbc.query(slow)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.status(id).pool().map(PoolStatus::active).orElse(0) == 2);

    crusher.freeze();

    List<ProvisioningError> answers = new ArrayList<>();
    long frozenAt = System.nanoTime();
    while (manager.status(id).breaker().state() != BreakerState.OPEN
        && elapsed(frozenAt).compareTo(Duration.ofSeconds(20)) < 0) {
      long started = System.nanoTime();
      answers.add(failure(() -> jdbc.query("SELECT 1")).code());
      assertThat(elapsed(started)).as("one call").isLessThan(CONNECT_TIMEOUT.plus(SLACK));
    }

    assertThat(manager.status(id).breaker().state())
        .as("answers: %s", answers)
        .isEqualTo(BreakerState.OPEN);
    assertThat(stuck)
        .as("the breaker opened while the calls on the silent connections still hang")
        .noneMatch(Future::isDone);
    assertThat(answers)
        .as("the last answers")
        .endsWith(
            ProvisioningError.STORE_DATABASE_UNAVAILABLE,
            ProvisioningError.STORE_DATABASE_UNAVAILABLE,
            ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    long started = System.nanoTime();
    assertThat(failure(() -> jdbc.query("SELECT 1")).code())
        .isEqualTo(ProvisioningError.STORE_DATABASE_UNAVAILABLE);
    assertThat(elapsed(started)).as("fails fast while open").isLessThan(CONNECT_TIMEOUT);
  }

  /**
   * The other side of the rule above: a store whose connections are all busy with statements that
   * end within the query timeout is busy, not down; callers who wait in vain get {@code
   * connection-capacity-exhausted} and the breaker stays closed.
   */
  @ParameterizedTest
  @EnumSource(Engine.class)
  void aBusyButHealthyStoreNeverOpensTheBreaker(Engine engine) throws Exception {
    TestDatabase database = on(engine);
    StoreRoute store = TestStores.route(database, "busy");
    resolver.put(store);
    StoreJdbc jdbc = manager.forStore(store.storeId()).jdbc().orElseThrow();
    String slow = engine == Engine.POSTGRESQL ? "SELECT pg_sleep(0.6)" : "SELECT SLEEP(0.6) AS s";
    ExecutorService callers = Executors.newFixedThreadPool(2);
    closeAfter.add(callers::shutdownNow);
    List<Future<?>> busy = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      busy.add(callers.submit(() -> jdbc.query(slow)));
      busy.add(callers.submit(() -> jdbc.query(slow)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.status(store.storeId()).pool().map(PoolStatus::active).orElse(0) == 2);

    List<ProvisioningError> answers = new ArrayList<>();
    while (busy.stream().anyMatch(call -> !call.isDone())) {
      ProvisioningException e =
          catchThrowableOfType(ProvisioningException.class, () -> jdbc.query("SELECT 1"));
      if (e != null) {
        answers.add(e.code());
      }
    }

    for (Future<?> call : busy) {
      call.get();
    }
    assertThat(answers).isNotEmpty().containsOnly(ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED);
    assertThat(manager.status(store.storeId()).breaker().state()).isEqualTo(BreakerState.CLOSED);
  }

  private TcpCrusher crusher(TestDatabase database) throws IOException {
    NioReactor reactor = new NioReactor();
    TcpCrusher crusher =
        TcpCrusherBuilder.builder()
            .withReactor(reactor)
            .withBindAddress("127.0.0.1", TestStores.closedPort())
            .withConnectAddress(database.server().host(), database.server().port())
            .buildAndOpen();
    closeAfter.add(crusher);
    closeAfter.add(reactor);
    return crusher;
  }

  private static ProvisioningException failure(Runnable call) {
    return catchThrowableOfType(ProvisioningException.class, call::run);
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
