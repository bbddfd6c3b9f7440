package io.storeplane.provisioning.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.OutboundGuard;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.db.TestServer;
import io.storeplane.testing.time.SettableClock;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The manager's core against real PostgreSQL and MariaDB databases: lazy pools, idle eviction, the
 * global budget with LRU closing, rebuilds on config change, and the version check. Time moves on a
 * {@link SettableClock}; nothing sleeps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionManagerTest {

  private final SettableClock clock = new SettableClock();
  private final MapRouteResolver resolver = new MapRouteResolver();
  private OutboundGuard previousGuard;
  private TestDatabase pgA;
  private TestDatabase pgB;
  private TestDatabase pgC;
  private TestDatabase mysqlA;
  private ConnectionManager manager;

  @BeforeAll
  void databases() {
    previousGuard = TestStores.installLocalGuard();
    pgA = TestDatabases.postgres().createDatabase("connect");
    pgB = TestDatabases.postgres().createDatabase("connect");
    pgC = TestDatabases.postgres().createDatabase("connect");
    mysqlA = TestDatabases.mysql().createDatabase("connect");
  }

  @AfterAll
  void dropDatabases() {
    OutboundGuards.install(previousGuard);
    Stream.of(pgA, pgB, pgC, mysqlA).filter(Objects::nonNull).forEach(TestDatabase::close);
  }

  @BeforeEach
  void newManager() {
    manager = manager(PoolSettings.builder().budget(4).maxPoolSize(2));
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private ConnectionManager manager(PoolSettings.Builder settings) {
    return manager(settings, Duration.ofMillis(300));
  }

  private ConnectionManager manager(PoolSettings.Builder settings, Duration capacityWait) {
    return new ConnectionManager(
        settings
            .connectTimeout(Duration.ofMillis(500))
            .capacityWait(capacityWait)
            .maintenanceInterval(Duration.ZERO)
            .versionCheckInterval(Duration.ZERO)
            .build(),
        resolver,
        new NoMasterDataSource(),
        clock,
        new SimpleMeterRegistry());
  }

  /** The database of each engine (not a parameter itself: JUnit closes those, dropping them). */
  private TestDatabase on(Engine engine) {
    return engine == Engine.POSTGRESQL ? pgA : mysqlA;
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aPoolOpensOnFirstUseNotOnForStore(Engine engine) {
    TestDatabase database = on(engine);
    StoreRoute store = TestStores.route(database, "lazy");
    resolver.put(store);

    StoreHandle handle = manager.forStore(store.storeId());

    assertThat(handle.poolName()).isEqualTo("store-lazy");
    assertThat(manager.status(store.storeId()).pool()).isEmpty();
    assertThat(manager.status().reserved()).isZero();

    List<Map<String, Object>> rows = handle.jdbc().orElseThrow().query("SELECT 1 AS one");

    assertThat(rows).hasSize(1);
    assertThat(((Number) rows.get(0).get("one")).intValue()).isEqualTo(1);
    PoolStatus pool = manager.status(store.storeId()).pool().orElseThrow();
    assertThat(pool.name()).isEqualTo("store-lazy");
    assertThat(pool.maxSize()).isEqualTo(2);
    assertThat(pool.state()).isEqualTo(PoolStatus.State.OPEN);
    assertThat(manager.status().reserved()).isEqualTo(2);
  }

  @Test
  void routesAreResolvedOnceAndNotOnTheHotPath() {
    StoreRoute store = TestStores.route(pgA, "cached");
    resolver.put(store);
    int before = resolver.resolves.get();

    for (int i = 0; i < 20; i++) {
      manager.forStore(store.storeId()).jdbc().orElseThrow().query("SELECT 1");
    }

    assertThat(resolver.resolves.get() - before).isEqualTo(1);
  }

  @Test
  void anUnknownStoreIsNotFound() {
    ProvisioningException e =
        catchThrowableOfType(
            ProvisioningException.class, () -> manager.forStore(UUID.randomUUID()));
    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_NOT_FOUND);
  }

  @Test
  void aRefusedRouteFailsWithItsOwnCodeWithoutConnecting() {
    UUID id = UUID.randomUUID();
    resolver.put(
        new StoreRoute(
            id,
            "suspended",
            new RouteAccess.Refused(
                ProvisioningError.STORE_DATABASE_SUSPENDED, "Store suspended is suspended."),
            new RouteStamp(1, 2, "SUSPENDED")));

    ProvisioningException e =
        catchThrowableOfType(ProvisioningException.class, () -> manager.forStore(id));

    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_DATABASE_SUSPENDED);
    assertThat(e.getMessage()).isEqualTo("Store suspended is suspended.");
    assertThat(manager.status().openPools()).isZero();
  }

  @Test
  void aSupabaseStoreOnAManagerWithoutADataApiClientIsNotSupported() {
    UUID id = UUID.randomUUID();
    resolver.put(
        new StoreRoute(
            id,
            "on-supabase",
            new RouteAccess.Rest(
                new PostgrestTarget(
                    URI.create("https://abcdefghijklmnopqrst.supabase.co"),
                    SecretString.of("sb_secret_never_printed"))),
            new RouteStamp(1, 2, "ACTIVE")));

    StoreHandle handle = manager.forStore(id);
    ProvisioningException e =
        catchThrowableOfType(
            ProvisioningException.class, () -> handle.tables().count("categories", List.of()));

    assertThat(handle.jdbc()).isEmpty();
    assertThat(e.code()).isEqualTo(ProvisioningError.STORE_BACKEND_NOT_SUPPORTED);
    assertThat(manager.status(id).backend()).isEqualTo("supabase");
    assertThat(manager.status(id).endpoint()).hasValue("abcdefghijklmnopqrst.supabase.co");
    assertThat(manager.status(id).pool()).isEmpty();
    assertThat(manager.status(id).breaker().consecutiveFailures()).isZero();
    assertThat(manager.status(id) + " " + resolver.resolve(id).orElseThrow())
        .doesNotContain("sb_secret_never_printed");
  }

  @Test
  void anIdlePoolIsClosedAfterTheIdleTimeoutAndReopensOnNextUse() {
    StoreRoute store = TestStores.route(pgA, "idle");
    resolver.put(store);
    StoreJdbc jdbc = manager.forStore(store.storeId()).jdbc().orElseThrow();
    jdbc.query("SELECT 1");

    clock.advance(Duration.ofMinutes(1));
    assertThat(manager.sweep()).isZero();
    assertThat(manager.status(store.storeId()).pool()).isPresent();

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertThat(manager.sweep()).isEqualTo(1);
    assertThat(manager.status(store.storeId()).pool()).isEmpty();
    assertThat(manager.status().reserved()).isZero();

    jdbc.query("SELECT 1");
    assertThat(manager.status(store.storeId()).pool()).isPresent();
  }

  @Test
  void aBorrowedConnectionKeepsItsPoolFromIdleEviction() throws Exception {
    StoreRoute store = TestStores.route(pgA, "held");
    resolver.put(store);
    DataSource dataSource = manager.forStore(store.storeId()).jdbc().orElseThrow().dataSource();

    try (Connection connection = dataSource.getConnection()) {
      clock.advance(Duration.ofHours(1));
      assertThat(manager.sweep()).isZero();
      assertThat(connection.isValid(1)).isTrue();
    }
    assertThat(manager.sweep()).isEqualTo(1);
  }

  @Test
  void whenTheBudgetIsSpentTheLeastRecentlyUsedIdlePoolIsClosed() {
    StoreRoute a = TestStores.route(pgA, "lru-a");
    StoreRoute b = TestStores.route(pgB, "lru-b");
    StoreRoute c = TestStores.route(pgC, "lru-c");
    Stream.of(a, b, c).forEach(resolver::put);

    query(a);
    clock.advance(Duration.ofSeconds(1));
    query(b);
    clock.advance(Duration.ofSeconds(1));
    query(a);
    clock.advance(Duration.ofSeconds(1));
    assertThat(manager.status().reserved()).isEqualTo(4);

    query(c);

    assertThat(manager.status(b.storeId()).pool()).as("least recently used").isEmpty();
    assertThat(manager.status(a.storeId()).pool()).isPresent();
    assertThat(manager.status(c.storeId()).pool()).isPresent();
    assertThat(manager.status().reserved()).isEqualTo(4);
  }

  @Test
  void whenNothingCanBeClosedCallersWaitThenGetACapacityErrorNamingThePool() throws Exception {
    StoreRoute a = TestStores.route(pgA, "busy-a");
    StoreRoute b = TestStores.route(pgB, "busy-b");
    StoreRoute c = TestStores.route(pgC, "starved-c");
    Stream.of(a, b, c).forEach(resolver::put);

    try (Connection heldA = dataSource(a).getConnection();
        Connection heldB = dataSource(b).getConnection()) {
      ProvisioningException e = catchThrowableOfType(ProvisioningException.class, () -> query(c));

      assertThat(e.code()).isEqualTo(ProvisioningError.CONNECTION_CAPACITY_EXHAUSTED);
      assertThat(e.getMessage())
          .contains("store-starved-c")
          .contains("4 of 4 reserved by 2 open pools (2 busy)");
      assertThat(heldA.isValid(1) && heldB.isValid(1)).isTrue();
    }
  }

  @Test
  void aWaitingCallerGetsBudgetAsSoonAsAPoolFallsIdle() throws Exception {
    manager.close();
    manager = manager(PoolSettings.builder().budget(4).maxPoolSize(2), Duration.ofSeconds(20));
    StoreRoute a = TestStores.route(pgA, "wait-a");
    StoreRoute b = TestStores.route(pgB, "wait-b");
    StoreRoute c = TestStores.route(pgC, "wait-c");
    Stream.of(a, b, c).forEach(resolver::put);
    Connection heldA = dataSource(a).getConnection();
    try (Connection heldB = dataSource(b).getConnection()) {
      CompletableFuture<List<Map<String, Object>>> waiting =
          CompletableFuture.supplyAsync(() -> query(c));
      await().until(() -> manager.status().waiting() == 1);

      heldA.close();

      assertThat(waiting.get(10, TimeUnit.SECONDS)).hasSize(1);
      assertThat(manager.status(a.storeId()).pool()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aNewConfigVersionRebuildsThePoolWithoutDroppingTheCallInFlight(Engine engine)
      throws Exception {
    TestDatabase database = on(engine);
    TestServer server = database.server();
    String user = "sp_rotated_" + Integer.toHexString((int) (Math.random() * 0xffff));
    String password = "Rotated-" + UUID.randomUUID();
    try (StoreUser rotated = StoreUser.create(database, user, password)) {
      UUID id = UUID.randomUUID();
      resolver.put(TestStores.route(id, database, "rotate", 2, 1));
      CountDownLatch inTransaction = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      CompletableFuture<Object> inFlight =
          CompletableFuture.supplyAsync(
              () ->
                  manager
                      .forStore(id)
                      .jdbc()
                      .orElseThrow()
                      .inTransaction(
                          session -> {
                            Object who = session.query(currentUser(database)).get(0).get("who");
                            inTransaction.countDown();
                            await().until(() -> finish.getCount() == 0);
                            session.query("SELECT 1");
                            return who;
                          }));
      assertThat(inTransaction.await(10, TimeUnit.SECONDS)).isTrue();

      resolver.put(
          TestStores.route(
              id, "rotate", TestStores.target(database, server.port(), user, password), 2, 2));
      manager.invalidate(id);
      Object nowUser =
          manager.forStore(id).jdbc().orElseThrow().query(currentUser(database)).get(0).get("who");

      assertThat(String.valueOf(nowUser)).startsWith(user);
      ConnectionStatus status = manager.status(id);
      assertThat(status.configVersion()).isEqualTo(2);
      assertThat(status.pool().orElseThrow().configVersion()).isEqualTo(2);
      assertThat(status.draining()).singleElement().satisfies(p -> assertThat(p.leases()).isOne());

      finish.countDown();
      assertThat(String.valueOf(inFlight.get(10, TimeUnit.SECONDS))).startsWith(server.adminUser());
      assertThat(manager.status(id).draining()).isEmpty();
      assertThat(manager.status().reserved()).isEqualTo(2);
      manager.close(); // before the login is dropped
    }
  }

  @Test
  void theVersionCheckNoticesAChangeMadeByAnotherInstance() {
    UUID id = UUID.randomUUID();
    resolver.put(TestStores.route(id, pgA, "elsewhere", 2, 1));
    StoreJdbc jdbc = manager.forStore(id).jdbc().orElseThrow();
    assertThat(jdbc.query("SELECT current_database() AS db").get(0).get("db"))
        .isEqualTo(pgA.name());

    resolver.put(TestStores.route(id, pgB, "elsewhere", 2, 2));
    assertThat(jdbc.query("SELECT current_database() AS db").get(0).get("db"))
        .as("cached until the check runs")
        .isEqualTo(pgA.name());

    assertThat(manager.checkVersions()).isEqualTo(1);

    assertThat(jdbc.query("SELECT current_database() AS db").get(0).get("db"))
        .isEqualTo(pgB.name());
    assertThat(manager.checkVersions()).isZero();
  }

  @Test
  void anUnchangedRouteKeepsItsPoolAfterAnInvalidation() {
    StoreRoute store = TestStores.route(pgA, "same");
    resolver.put(store);
    query(store);

    manager.invalidate(store.storeId());
    query(store);

    assertThat(manager.status(store.storeId()).draining()).isEmpty();
    assertThat(manager.status().reserved()).isEqualTo(2);
  }

  @Test
  void thePoolSizeComesFromThePlanCappedByTheMaximum() {
    UUID id = UUID.randomUUID();
    resolver.put(TestStores.route(id, pgA, "enterprise", 8, 1));

    manager.forStore(id).jdbc().orElseThrow().query("SELECT 1");

    assertThat(manager.status(id).pool().orElseThrow().maxSize()).isEqualTo(2);
  }

  @Test
  void perPoolMetricsNameTheBusiestPoolsAndSumTheRestAsOther() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    manager.close();
    manager =
        new ConnectionManager(
            PoolSettings.builder()
                .budget(10)
                .maxPoolSize(2)
                .metricsTopStores(1)
                .maintenanceInterval(Duration.ZERO)
                .versionCheckInterval(Duration.ZERO)
                .build(),
            resolver,
            new NoMasterDataSource(),
            clock,
            meters);
    StoreRoute busy = TestStores.route(pgA, "metrics-busy");
    StoreRoute quiet = TestStores.route(pgB, "metrics-quiet");
    StoreRoute quieter = TestStores.route(pgC, "metrics-quieter");
    Stream.of(busy, quiet, quieter).forEach(resolver::put);
    for (int i = 0; i < 5; i++) {
      query(busy);
    }
    query(quiet);
    query(quieter);

    manager.sweep();

    assertThat(meters.get("storeplane.pools.open").gauge().value()).isEqualTo(3);
    assertThat(meters.get("storeplane.pools.reserved").gauge().value()).isEqualTo(6);
    assertThat(
            meters.find("storeplane.pool.connections").gauges().stream()
                .map(g -> g.getId().getTag("pool"))
                .distinct())
        .containsExactlyInAnyOrder("store-metrics-busy", "other");
    assertThat(
            meters
                .get("storeplane.pool.connections")
                .tags("pool", "other", "state", "idle")
                .gauge()
                .value())
        .isEqualTo(2);
    assertThat(meters.get("storeplane.pools.breakers").tags("state", "closed").gauge().value())
        .isEqualTo(3);
  }

  private List<Map<String, Object>> query(StoreRoute store) {
    return manager.forStore(store.storeId()).jdbc().orElseThrow().query("SELECT 1 AS one");
  }

  private DataSource dataSource(StoreRoute store) {
    return manager.forStore(store.storeId()).jdbc().orElseThrow().dataSource();
  }

  private static String currentUser(TestDatabase database) {
    return database.server().engine() == Engine.POSTGRESQL
        ? "SELECT current_user AS who"
        : "SELECT CURRENT_USER() AS who";
  }
}
