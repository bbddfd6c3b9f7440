package io.storeplane.api.bus;

import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.storeplane.api.TestCallers;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.bus.Bus;
import io.storeplane.bus.BusSettings;
import io.storeplane.bus.Subscription;
import io.storeplane.bus.Topic;
import io.storeplane.bus.master.MasterTopics;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.master.store.StoreChanged;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application's bus against another instance on the same master database (a bare {@link Bus} of
 * another id, as another replica would have): what the other instance commits reaches this
 * application's subscribers, a store's route included, within one second; what this application
 * publishes in a JTA transaction reaches its own subscribers right after the commit and the other
 * instance only if it committed. The version check is an hour apart in this profile, so only the
 * bus can drop the route.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.WorkersOff.class)
class EventBusTest {

  /** A test event. */
  record Ping(UUID id) {}

  private static final Topic<Ping> PINGS = Topic.of("test.ping", Ping.class);
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @Inject EventBus bus;
  @Inject DataSource master;

  private Bus otherInstance;

  @BeforeEach
  void startAnotherInstance() {
    otherInstance =
        new Bus(
            BusSettings.of("another-instance-" + UUID.randomUUID(), url(), username(), password()));
    otherInstance.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> otherInstance.counters().backstopRuns() > 0);
  }

  @AfterEach
  void stopAnotherInstance() {
    otherInstance.close();
  }

  @Test
  void aStoreChangedOnAnotherInstanceDropsItsRouteHereWithinOneSecond() throws SQLException {
    String storeId = TestCallers.newStore();
    asAdmin().get("/api/v1/stores/" + storeId + "/data/categories").then().statusCode(409);
    asAdmin().get("/api/v1/stores/" + storeId + "/connection").then().body("routed", equalTo(true));

    try (Connection connection = DriverManager.getConnection(url(), username(), password())) {
      otherInstance.publish(
          connection, MasterTopics.STORE_CHANGED, new StoreChanged(UUID.fromString(storeId), true));
    }

    await()
        .atMost(ONE_SECOND)
        .untilAsserted(
            () ->
                asAdmin()
                    .get("/api/v1/stores/" + storeId + "/connection")
                    .then()
                    .body("routed", equalTo(false)));
  }

  @Test
  void aCommittedEventReachesThisInstanceAtOnceAndTheOtherOneARolledBackOneNeither() {
    List<Ping> here = new CopyOnWriteArrayList<>();
    List<Ping> there = new CopyOnWriteArrayList<>();
    Ping undone = new Ping(UUID.randomUUID());
    Ping done = new Ping(UUID.randomUUID());
    otherInstance.subscribe(PINGS, there::add);
    try (Subscription subscription = bus.subscribe(PINGS, here::add)) {
      QuarkusTransaction.begin();
      bus.publish(PINGS, undone);
      assertThat(here).isEmpty();
      QuarkusTransaction.rollback();

      QuarkusTransaction.requiringNew().run(() -> bus.publish(PINGS, done));

      assertThat(here).containsExactly(done);
      await().atMost(ONE_SECOND).until(() -> there.contains(done));
      long runs = otherInstance.counters().backstopRuns();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> otherInstance.counters().backstopRuns() > runs);
      assertThat(there).containsExactly(done);
    }
  }

  /**
   * A transaction that publishes an equal event twice (a store changed twice in one onboarding
   * step) sends it once, here and to the other instance; a different event of it still goes.
   */
  @Test
  void anEqualEventPublishedTwiceInOneTransactionGoesOnce() throws SQLException {
    List<Ping> here = new CopyOnWriteArrayList<>();
    List<Ping> there = new CopyOnWriteArrayList<>();
    Ping twice = new Ping(UUID.randomUUID());
    Ping other = new Ping(UUID.randomUUID());
    otherInstance.subscribe(PINGS, there::add);
    try (Subscription subscription = bus.subscribe(PINGS, here::add)) {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                bus.publish(PINGS, twice);
                bus.publish(PINGS, new Ping(twice.id()));
                bus.publish(PINGS, other);
              });

      assertThat(here).containsExactly(twice, other);
      assertThat(rowsOf(twice)).as("one row, so one notification").isEqualTo(1);
      assertThat(rowsOf(other)).isEqualTo(1);
      await().atMost(ONE_SECOND).until(() -> there.size() == 2);
      assertThat(there).containsExactly(twice, other);

      // the next transaction announces it again
      QuarkusTransaction.requiringNew().run(() -> bus.publish(PINGS, twice));
      assertThat(here).containsExactly(twice, other, twice);
    }
  }

  /** The rows of {@code ping} in {@code bus_events}. */
  private long rowsOf(Ping ping) throws SQLException {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM bus_events WHERE topic = ? AND CAST(payload AS jsonb) ->>"
                    + " 'id' = ?")) {
      s.setString(1, PINGS.name());
      s.setString(2, ping.id().toString());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void theApplicationListensOnOneConnection() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> connectionsNamed("storeplane-bus " + bus.instanceId()) == 1);
  }

  private static int connectionsNamed(String applicationName) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(), username(), password());
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      count.setString(1, applicationName);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static String url() {
    return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
  }

  private static String username() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.datasource.username", String.class)
        .orElse("");
  }

  private static String password() {
    return ConfigProvider.getConfig()
        .getOptionalValue("quarkus.datasource.password", String.class)
        .orElse("");
  }
}
