package io.storeplane.provisioning.connect;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.HostResolver;
import io.storeplane.provisioning.guard.OutboundGuard;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.provisioning.guard.OutboundPolicy;
import io.storeplane.testing.db.Engine;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.time.SettableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

/** Routes to real test databases, and the outbound guard tests need for loopback servers. */
final class TestStores {

  private TestStores() {}

  /**
   * A manager for tests: no background work (tests sweep and check versions themselves), no master
   * database, a clock that only moves by hand.
   */
  static ConnectionManager manager(
      PoolSettings.Builder settings, RouteResolver resolver, PostgrestClientFactory dataApi) {
    return new ConnectionManager(
        settings.maintenanceInterval(Duration.ZERO).versionCheckInterval(Duration.ZERO).build(),
        resolver,
        new NoMasterDataSource(),
        new SettableClock(),
        new SimpleMeterRegistry(),
        dataApi);
  }

  /** A loopback port nothing listens on: free a moment ago, and closed again. */
  static int closedPort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return free.getLocalPort();
    }
  }

  /** A route to {@code database} as its admin user, pool size 2, config version 1. */
  static StoreRoute route(TestDatabase database, String slug) {
    return route(UUID.randomUUID(), database, slug, 2, 1);
  }

  static StoreRoute route(
      UUID storeId, TestDatabase database, String slug, int poolSize, int version) {
    return route(
        storeId,
        slug,
        target(database, database.server().port(), database.username(), database.password()),
        poolSize,
        version);
  }

  static StoreRoute route(
      UUID storeId, String slug, DatabaseLogin target, int poolSize, int version) {
    return new StoreRoute(
        storeId, slug, new RouteAccess.Jdbc(target), new RouteStamp(version, poolSize, "ACTIVE"));
  }

  static DatabaseLogin target(TestDatabase database, int port, String user, String password) {
    return new DatabaseLogin(
        engine(database),
        database.server().host(),
        port,
        database.name(),
        user,
        SecretString.of(password),
        false,
        true);
  }

  static DatabaseEngine engine(TestDatabase database) {
    return database.server().engine() == Engine.POSTGRESQL
        ? DatabaseEngine.POSTGRESQL
        : DatabaseEngine.MYSQL;
  }

  /**
   * Installs the policy of dev and test (loopback and private addresses allowed) and returns the
   * guard it replaces. Also registers the JDBC drivers with this class loader: DriverManager keeps
   * the drivers of its first use, and when a {@code @QuarkusTest} of this module ran first those
   * were Quarkus' and are gone, so the test harness could not reach its servers.
   */
  static OutboundGuard installLocalGuard() {
    try {
      Class.forName("org.postgresql.Driver");
      Class.forName("com.mysql.cj.jdbc.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return OutboundGuards.install(localGuard());
  }

  /** The policy of dev and test: loopback and private addresses allowed. */
  static OutboundGuard localGuard() {
    return new OutboundGuard(
        OutboundPolicy.builder().allowLoopback(true).allowPrivate(true).build(),
        HostResolver.system());
  }
}
