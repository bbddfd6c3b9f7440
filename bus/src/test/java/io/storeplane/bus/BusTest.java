package io.storeplane.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.storeplane.testing.db.MigratedMaster;
import io.storeplane.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' buses on one master database: what one commits reaches the other's subscribers
 * once, through the notification or, when that was missed, the backstop.
 */
class BusTest {

  /** A test event. */
  record Greeting(UUID id, String text) {}

  private static final Topic<Greeting> GREETINGS = Topic.of("test.greeting", Greeting.class);

  /** The delivery bound the issue names for an event committed on another instance. */
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  private static TestDatabase database;

  private final List<Bus> buses = new ArrayList<>();
  private Bus a;
  private Bus b;

  @BeforeAll
  static void migrate() {
    database = MigratedMaster.create("bus").database();
  }

  @AfterAll
  static void drop() {
    database.close();
  }

  /** Each test starts from an empty table: the backstop would deliver the last test's events. */
  @BeforeEach
  void startTwoInstances() throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement delete = connection.prepareStatement("DELETE FROM bus_events")) {
      delete.executeUpdate();
    }
    a = bus("a");
    b = bus("b");
  }

  @AfterEach
  void stop() {
    buses.forEach(Bus::close);
  }

  @Test
  void anEventCommittedOnOneInstanceReachesASubscriberOnAnotherWithinOneSecond()
      throws SQLException {
    List<Greeting> received = subscribe(b);
    awaitListening(b);
    Greeting hello = greeting("hello");

    publishAndCommit(a, hello);

    await().atMost(ONE_SECOND).until(() -> received.contains(hello));
    assertThat(b.counters().deliveredByNotify()).isEqualTo(1);
  }

  @Test
  void anEventWhoseTransactionRolledBackNeverArrives() throws SQLException {
    List<Greeting> received = subscribe(b);
    awaitListening(b);
    Greeting undone = greeting("undone");
    Greeting done = greeting("done");

    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      a.publish(connection, GREETINGS, undone);
      connection.rollback();
    }
    publishAndCommit(a, done);

    await().atMost(ONE_SECOND).until(() -> received.contains(done));
    awaitBackstopRuns(b, 2);
    assertThat(received).containsExactly(done);
  }

  @Test
  void eachSubscriberGetsEachEventOnceAndOneThatThrowsDoesNotStopTheOthers() throws SQLException {
    List<Greeting> first = subscribe(b);
    b.subscribe(
        GREETINGS,
        greeting -> {
          throw new IllegalStateException("a failing subscriber");
        });
    List<Greeting> second = subscribe(b);
    awaitListening(b);
    Greeting one = greeting("one");
    Greeting two = greeting("two");

    publishAndCommit(a, one);
    publishAndCommit(a, two);

    await().atMost(ONE_SECOND).until(() -> second.size() == 2);
    awaitBackstopRuns(b, 2);
    assertThat(first).containsExactly(one, two);
    assertThat(second).containsExactly(one, two);
    assertThat(b.counters().handlerFailures()).isEqualTo(2);
  }

  @Test
  void anInstanceGetsItsOwnEventsOnlyLocallyAfterCommit() throws SQLException {
    List<Greeting> received = subscribe(a);
    awaitListening(a);
    Greeting mine = greeting("mine");

    publishAndCommit(a, mine);
    a.deliverLocally(GREETINGS, mine);

    awaitBackstopRuns(a, 2);
    assertThat(received).containsExactly(mine);
    assertThat(a.counters().deliveredByNotify()).isZero();
    assertThat(a.counters().deliveredByBackstop()).isZero();
  }

  @Test
  void anUnsubscribedHandlerIsNotCalled() throws SQLException {
    List<Greeting> kept = subscribe(b);
    List<Greeting> dropped = new CopyOnWriteArrayList<>();
    b.subscribe(GREETINGS, dropped::add).close();
    awaitListening(b);
    Greeting hello = greeting("hello");

    publishAndCommit(a, hello);

    await().atMost(ONE_SECOND).until(() -> kept.contains(hello));
    assertThat(dropped).isEmpty();
  }

  @Test
  void anInstanceHasOneListeningConnectionHoweverManySubscribers() throws SQLException {
    for (int i = 0; i < 10; i++) {
      subscribe(b);
    }
    b.subscribe(Topic.of("test.other", Greeting.class), greeting -> {});
    awaitListening(b);

    assertThat(listeningConnections(b)).isEqualTo(1);
  }

  @Test
  void anEventPublishedWhileTheListeningConnectionIsDownArrivesWithinTheBoundOnce()
      throws SQLException {
    List<Greeting> received = subscribe(b);
    awaitListening(b);
    Greeting whileDown = greeting("while down");

    terminateListeningConnection(b);
    publishAndCommit(a, whileDown);

    await()
        .atMost(b.settings().deliveryBoundAfterDrop().plus(ONE_SECOND))
        .until(() -> received.contains(whileDown));
    assertThat(b.counters().reconnects()).isEqualTo(1);
    long runs = b.counters().backstopRuns();
    awaitBackstopRuns(b, runs + 2);
    assertThat(received).containsExactly(whileDown);
    assertThat(listeningConnections(b)).isEqualTo(1);
  }

  @Test
  void anEventWhoseNotificationWasLostArrivesByThePeriodicBackstop() throws SQLException {
    List<Greeting> received = subscribe(b);
    awaitListening(b);
    Greeting lost = greeting("lost");

    try (Connection connection = database.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO bus_events (topic, payload, origin) VALUES (?, ?, ?)")) {
      insert.setString(1, GREETINGS.name());
      insert.setString(2, GREETINGS.encode(lost));
      insert.setString(3, "an-instance-whose-notify-was-lost");
      insert.executeUpdate();
    }

    await()
        .atMost(b.settings().backstopInterval().plus(ONE_SECOND))
        .until(() -> received.contains(lost));
    assertThat(b.counters().deliveredByBackstop()).isEqualTo(1);
    awaitBackstopRuns(b, b.counters().backstopRuns() + 2);
    assertThat(received).containsExactly(lost);
  }

  @Test
  void eventsPastRetentionAreDeleted() throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO bus_events (topic, payload, origin, created_at)"
                    + " VALUES ('test.old', '{}', 'gone', now() - interval '1 hour')")) {
      insert.executeUpdate();
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> rows("test.old") == 0);
  }

  @Test
  void aPayloadPastTheLimitIsRefusedBeforeItReachesTheDatabase() throws SQLException {
    Greeting large = greeting("x".repeat(Topic.MAX_PAYLOAD_BYTES));

    try (Connection connection = database.connect()) {
      assertThatThrownBy(() -> a.publish(connection, GREETINGS, large))
          .isInstanceOfSatisfying(
              BusException.class,
              e -> assertThat(e.code().code()).isEqualTo("bus-payload-too-large"));
    }
  }

  @Test
  void aTopicNameIsLowerCaseWordsAndDots() {
    assertThatThrownBy(() -> Topic.of("Store Changed", Greeting.class))
        .isInstanceOfSatisfying(
            BusException.class, e -> assertThat(e.code()).isEqualTo(BusError.INVALID_TOPIC));
  }

  private Bus bus(String name) {
    Bus bus =
        new Bus(
            BusSettings.of(
                    name + "-" + UUID.randomUUID(),
                    database.jdbcUrl(),
                    database.username(),
                    database.password())
                .withBackstopInterval(Duration.ofMillis(300))
                .withLookback(Duration.ofSeconds(10))
                .withRetention(Duration.ofSeconds(30))
                .withReconnectBackoff(Duration.ofMillis(100)));
    buses.add(bus);
    bus.start();
    return bus;
  }

  private static List<Greeting> subscribe(Bus bus) {
    List<Greeting> received = new CopyOnWriteArrayList<>();
    bus.subscribe(GREETINGS, received::add);
    return received;
  }

  private static Greeting greeting(String text) {
    return new Greeting(UUID.randomUUID(), text);
  }

  private static long publishAndCommit(Bus bus, Greeting greeting) throws SQLException {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      long seq = bus.publish(connection, GREETINGS, greeting);
      connection.commit();
      return seq;
    }
  }

  /** Until the listener has connected and read the backlog once, so it listens. */
  private static void awaitListening(Bus bus) {
    awaitBackstopRuns(bus, 1);
  }

  private static void awaitBackstopRuns(Bus bus, long runs) {
    await().atMost(Duration.ofSeconds(10)).until(() -> bus.counters().backstopRuns() >= runs);
  }

  private static int rows(String topic) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement count =
            connection.prepareStatement("SELECT count(*) FROM bus_events WHERE topic = ?")) {
      count.setString(1, topic);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static int listeningConnections(Bus bus) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      count.setString(1, bus.applicationName());
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static void terminateListeningConnection(Bus bus) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement terminate =
            connection.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      terminate.setString(1, bus.applicationName());
      try (ResultSet rows = terminate.executeQuery()) {
        int terminated = 0;
        while (rows.next()) {
          terminated += rows.getBoolean(1) ? 1 : 0;
        }
        assertThat(terminated).isEqualTo(1);
      }
    }
  }
}
