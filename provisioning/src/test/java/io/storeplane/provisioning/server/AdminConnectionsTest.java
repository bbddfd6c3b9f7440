package io.storeplane.provisioning.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kept admin sessions on a real PostgreSQL: a session given back is lent again (the same backend),
 * cleaned first; one the server ended while it was idle is never lent; no more than the limit stay
 * idle, and none longer than the idle timeout (on a clock the test moves).
 */
class AdminConnectionsTest {

  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final AtomicLong nanos = new AtomicLong();
  private TestDatabase database;
  private TestDatabase other;
  private AdminConnections connections;

  @BeforeEach
  void setUp() {
    database = TestDatabases.postgres().createDatabase("admsess");
    other = TestDatabases.postgres().createDatabase("admsess");
    connections = kept(2);
  }

  @AfterEach
  void tearDown() {
    connections.close();
    database.close();
    other.close();
  }

  @Test
  void aSessionGivenBackIsLentAgainWithoutANewBackend() throws Exception {
    int first = borrowedPid(database);
    assertThat(borrowedPid(database)).isEqualTo(first);
    assertThat(sessionsOn(database)).isEqualTo(1);
  }

  @Test
  void aHandleClosedIsDeadEvenThoughItsSessionLivesOn() throws Exception {
    Connection handle = connections.open(login(database));
    handle.close();
    assertThat(handle.isClosed()).isTrue();
    assertThatThrownBy(handle::createStatement).isInstanceOf(SQLException.class);
    assertThat(connections.idle()).isEqualTo(1);
  }

  @Test
  void aSessionLeftInATransactionComesBackRolledBackAndInAutocommit() throws Exception {
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
    }
    try (Connection c = connections.open(login(database));
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO t VALUES (1)");
    }
    try (Connection c = connections.open(login(database));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      assertThat(c.getAutoCommit()).isTrue();
      rs.next();
      assertThat(rs.getInt(1)).as("the insert left uncommitted").isZero();
    }
  }

  @Test
  void aSessionTheServerEndedWhileIdleIsNeverLent() throws Exception {
    int ended = borrowedPid(database);
    try (Connection admin = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement s = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
      s.setInt(1, ended);
      s.executeQuery().close();
    }
    awaitSessionsOn(database, 0);
    assertThat(borrowedPid(database)).isNotEqualTo(ended);
    assertThat(connections.idle()).isEqualTo(1);
  }

  @Test
  void noMoreThanTheLimitStayIdle() throws Exception {
    List<Connection> inUse = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inUse.add(connections.open(login(database)));
    }
    assertThat(sessionsOn(database)).isEqualTo(3);
    for (Connection c : inUse) {
      c.close();
    }
    assertThat(connections.idle()).isEqualTo(2);
    awaitSessionsOn(database, 2);
  }

  @Test
  void noneIsKeptWhenTheLimitIsZero() throws Exception {
    connections.close();
    connections = kept(0);
    borrowedPid(database);
    assertThat(connections.idle()).isZero();
    awaitSessionsOn(database, 0);
  }

  @Test
  void theSweepClosesSessionsIdleLongerThanTheTimeout() throws Exception {
    Connection older = connections.open(login(database));
    Connection newer = connections.open(login(database));
    older.close();
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    newer.close();

    nanos.addAndGet(IDLE_TIMEOUT.minusSeconds(20).toNanos()); // the older one: idle 70 s
    connections.sweep();
    assertThat(connections.idle()).isEqualTo(1);
    awaitSessionsOn(database, 1);

    nanos.addAndGet(Duration.ofSeconds(30).toNanos()); // the newer one: idle 70 s
    connections.sweep();
    assertThat(connections.idle()).isZero();
    awaitSessionsOn(database, 0);
  }

  @Test
  void aSessionIdleLongerThanTheTimeoutIsNotLentEvenBeforeTheSweep() throws Exception {
    int stale = borrowedPid(database);
    nanos.addAndGet(IDLE_TIMEOUT.plusSeconds(1).toNanos());
    assertThat(borrowedPid(database)).isNotEqualTo(stale);
    awaitSessionsOn(database, 1);
  }

  @Test
  void aSessionInUseAllTheTimeIsReplacedOnceItReachesItsMaximumAge() throws Exception {
    int first = borrowedPid(database);
    // lent again every 50 s: never idle for the timeout, but older than the maximum age at last
    Duration step = Duration.ofSeconds(50);
    for (long lived = 0; lived + step.toNanos() <= AdminConnections.MAX_AGE.toNanos(); ) {
      nanos.addAndGet(step.toNanos());
      lived += step.toNanos();
      connections.sweep();
      assertThat(borrowedPid(database)).isEqualTo(first);
    }
    nanos.addAndGet(step.toNanos());
    assertThat(borrowedPid(database)).isNotEqualTo(first);
  }

  @Test
  void eachLoginHasSessionsOfItsOwn() throws Exception {
    int first = borrowedPid(database);
    try (Connection c = connections.open(login(other))) {
      assertThat(pid(c)).isNotEqualTo(first);
      assertThat(database(c)).isEqualTo(other.name());
    }
    assertThat(connections.idle()).isEqualTo(2);
  }

  @Test
  void closingEndsIdleSessionsAndThoseGivenBackAfter() throws Exception {
    Connection inUse = connections.open(login(database));
    borrowedPid(database);
    connections.close();
    assertThat(connections.idle()).isZero();
    awaitSessionsOn(database, 1);
    inUse.close();
    assertThat(connections.idle()).isZero();
    awaitSessionsOn(database, 0);
  }

  private AdminConnections kept(int idle) {
    return new AdminConnections(idle, IDLE_TIMEOUT, nanos::get, null);
  }

  private static DatabaseLogin login(TestDatabase on) {
    return new DatabaseLogin(
        DatabaseEngine.POSTGRESQL,
        on.server().host(),
        on.server().port(),
        on.name(),
        on.server().adminUser(),
        SecretString.of(on.server().adminPassword()),
        false,
        false);
  }

  /** The backend of a session borrowed as {@code on}'s login and given back at once. */
  private int borrowedPid(TestDatabase on) throws SQLException {
    try (Connection c = connections.open(login(on))) {
      return pid(c);
    }
  }

  private static int pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String database(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Sessions of the provisioning program on {@code on}'s database. */
  private static int sessionsOn(TestDatabase on) throws SQLException {
    try (Connection admin = TestDatabases.postgres().connectAdmin("postgres");
        PreparedStatement s =
            admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name ="
                    + " 'storeplane-provisioning'")) {
      s.setString(1, on.name());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Waits for a closed session's backend to leave (it exits after the client has gone). */
  private static void awaitSessionsOn(TestDatabase on, int expected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sessionsOn(on)).isEqualTo(expected));
  }
}
