package io.storeplane.billing.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobEngine;
import io.storeplane.jobs.JobKinds;
import io.storeplane.jobs.JobMetrics;
import io.storeplane.jobs.JobRunner;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobTransactions;
import io.storeplane.jobs.RunListener;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.connect.RouteAccess;
import io.storeplane.provisioning.connect.RouteResolver;
import io.storeplane.provisioning.connect.RouteStamp;
import io.storeplane.provisioning.connect.StoreRoute;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.testing.db.MigratedMaster;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import io.storeplane.testing.time.SettableClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code usage.rollup.daily} from its schedule, framework-free on real databases and a settable
 * clock: the engine queues the daily job at 00:15 UTC, the job queues {@code usage.rollup} for
 * every active store and the previous day, the store jobs write exact rows; after three days down
 * the one run queues every missed day, after forty days down the last 31; a rerun changes nothing.
 */
class DailyRollupScheduleTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final List<String> COLUMNS =
      List.of(
          "products",
          "products_created",
          "products_updated",
          "products_deleted",
          "orders",
          "revenue");

  private MigratedMaster master;
  private final List<TestDatabase> storeDatabases = new ArrayList<>();
  private final Map<UUID, StoreRoute> routes = new java.util.concurrent.ConcurrentHashMap<>();
  private UUID busy;
  private UUID empty;

  @BeforeEach
  void databases() throws SQLException {
    master = MigratedMaster.create("dailyrollup");
    busy = store("busy");
    empty = store("empty");
    try (Connection c = storeDatabases.get(0).connect()) {
      UUID p3 = UUID.randomUUID();
      product(c, UUID.randomUUID(), "2026-02-27T10:00:00Z", "2026-02-27T10:00:00Z");
      product(c, UUID.randomUUID(), "2026-02-27T10:00:00Z", "2026-02-27T10:00:00Z");
      product(c, p3, "2026-02-28T09:00:00Z", "2026-03-01T12:00:00Z");
      product(c, UUID.randomUUID(), "2026-03-02T08:00:00Z", "2026-03-02T08:00:00Z");
      // A product created before the window and deleted on 03-03 (its record, as the trigger
      // writes it): counted among the products until then, and as deleted on 03-03.
      execute(
          c,
          "INSERT INTO product_deletions (product_id, product_created_at, deleted_at)"
              + " VALUES (?, ?, ?)",
          UUID.randomUUID(),
          at("2026-02-27T11:00:00Z"),
          at("2026-03-03T15:00:00Z"));
      order(c, "A-1", "10.50", "2026-02-28T13:00:00Z");
      order(c, "A-2", "25.00", "2026-03-02T14:00:00Z");
      order(c, "A-3", "4.50", "2026-03-02T16:00:00Z");
      execute(
          c,
          "INSERT INTO media_library (id, file_name, storage_key, url, mime_type, size_bytes)"
              + " VALUES (?, 'f.jpg', 'k1', 'https://cdn/k1', 'image/jpeg', 1000)",
          UUID.randomUUID());
    }
  }

  @AfterEach
  void drop() {
    storeDatabases.forEach(TestDatabase::close);
    master.close();
  }

  @Test
  void theScheduleRollsUpYesterdayThenEveryMissedDayUpTo31AndARerunChangesNothing()
      throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-03-01T00:10:00Z"));
    RollupConfig config =
        new Config(
            new Daily(true, "15 0 * * *"),
            new Parallelism(8, 2),
            new Retry(Duration.ofSeconds(1), Duration.ofSeconds(1), 2));
    PGSimpleDataSource pool = master.dataSource();
    try (ConnectionManager connections =
        new ConnectionManager(
            PoolSettings.builder().build(), new Routes(), pool, clock, new SimpleMeterRegistry())) {
      StoreRollupKind storeKind =
          new StoreRollupKind(
              new StoreUsageReader(
                  connections,
                  id -> {
                    throw new IllegalStateException("This test's stores are PostgreSQL stores");
                  }),
              new UsageRollupWriter(connections),
              config,
              clock);
      // The service queues store rollups; the engine's store also knows the daily kind, which
      // needs the service: two stores over one master, as two instances would have.
      RollupService service =
          new RollupService(
              new JobStore(JobTransactions.plain(pool), JobKinds.of(storeKind), JobChanges.NONE),
              connections,
              config,
              clock);
      JobStore jobs =
          new JobStore(
              JobTransactions.plain(pool),
              JobKinds.of(new DailyRollupKind(service, config, clock), storeKind),
              JobChanges.NONE);
      try (JobEngine engine =
          new JobEngine(
              "daily-test",
              jobs,
              new JobRunner(jobs, clock, RunListener.NONE, JobMetrics.none()),
              clock,
              LEASE,
              2,
              JobMetrics.none())) {
        engine.runSchedules();
        assertThat(jobs(DailyRollupKind.NAME)).as("the first period is 00:15").isZero();

        clock.advance(Duration.ofMinutes(5));
        runUntilIdle(engine);
        assertThat(dailyRun("2026-03-01T00:15:00Z")).isEqualTo(1);
        assertThat(jobs(StoreRollupKind.NAME)).isEqualTo(2);
        assertThat(days(busy)).containsExactly(LocalDate.parse("2026-02-28"));
        assertThat(row(busy, "2026-02-28")).isEqualTo(expected(4, 1, 0, 0, 1, "10.50"));
        assertThat(row(empty, "2026-02-28")).isEqualTo(expected(0, 0, 0, 0, 0, "0.00"));

        // Down from 03-01 00:20 to 03-04 00:20: one run for the first missed period (03-02)
        // queues 03-01, 03-02 and 03-03 for both stores.
        clock.advance(Duration.ofDays(3));
        runUntilIdle(engine);
        assertThat(dailyRun("2026-03-02T00:15:00Z")).isEqualTo(1);
        assertThat(jobs(StoreRollupKind.NAME)).isEqualTo(2 + 6);
        assertThat(days(busy))
            .containsExactly(
                LocalDate.parse("2026-02-28"),
                LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-03"));
        assertThat(row(busy, "2026-03-01")).isEqualTo(expected(4, 0, 1, 0, 0, "0.00"));
        assertThat(row(busy, "2026-03-02")).isEqualTo(expected(5, 1, 0, 0, 2, "29.50"));
        assertThat(row(busy, "2026-03-03")).isEqualTo(expected(4, 0, 0, 1, 0, "0.00"));
        assertThat(days(empty)).hasSize(4);
        assertThat(
                master.number(
                    "SELECT product_count FROM stores WHERE id = ? AND counters_as_of = ?",
                    busy,
                    LocalDate.parse("2026-03-03")))
            .as("the counters are the latest day's")
            .isEqualTo(4);

        // Run again at the same time: nothing is due, nothing is queued.
        long dailyJobs = jobs(DailyRollupKind.NAME);
        runUntilIdle(engine);
        assertThat(jobs(DailyRollupKind.NAME)).isEqualTo(dailyJobs);
        assertThat(jobs(StoreRollupKind.NAME)).isEqualTo(2 + 6);

        // A rerun of the days (on request: the daily keys are spent) writes the same rows.
        Map<String, Map<String, Object>> before = rows();
        for (String day : List.of("2026-02-28", "2026-03-01", "2026-03-02", "2026-03-03")) {
          service.request(LocalDate.parse(day), Optional.empty());
        }
        runUntilIdle(engine);
        assertThat(jobs(StoreRollupKind.NAME)).isEqualTo(2 + 6 + 8);
        assertThat(rows()).isEqualTo(before);

        // Down forty days, to 04-13 00:20: the next period was 03-05 00:15; of the 40 days not
        // rolled up (03-04 to 04-12) the last 31 are, from 03-13.
        clock.advance(Duration.ofDays(40));
        runUntilIdle(engine);
        assertThat(dailyRun("2026-03-05T00:15:00Z")).isEqualTo(1);
        assertThat(jobs(StoreRollupKind.NAME)).isEqualTo(2 + 6 + 8 + 62);
        for (UUID store : List.of(busy, empty)) {
          List<LocalDate> days = days(store);
          assertThat(days).hasSize(4 + 31);
          assertThat(days.subList(4, days.size())).first().isEqualTo(LocalDate.parse("2026-03-13"));
          assertThat(days.get(days.size() - 1)).isEqualTo(LocalDate.parse("2026-04-12"));
        }
        assertThat(row(busy, "2026-04-12")).isEqualTo(expected(4, 0, 0, 0, 0, "0.00"));
      }
    }
    assertThat(master.number("SELECT count(*) FROM jobs WHERE status <> 'SUCCEEDED'"))
        .as("every job succeeded")
        .isZero();
  }

  /** Polls the engine (schedules, claims) until no job is queued or running. */
  private void runUntilIdle(JobEngine engine) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              engine.poll();
              return engine.busy() == 0
                  && master.number(
                          "SELECT count(*) FROM jobs"
                              + " WHERE status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')")
                      == 0;
            });
  }

  /**
   * The daily jobs queued for the schedule's period starting at {@code period} (finished ones more
   * than a day old are purged by the engine, so earlier periods are not counted on).
   */
  private long dailyRun(String period) {
    return master.number(
        "SELECT count(*) FROM jobs WHERE kind = ? AND period_start = ?",
        DailyRollupKind.NAME,
        at(period));
  }

  private long jobs(String kind) {
    return master.number("SELECT count(*) FROM jobs WHERE kind = ?", kind);
  }

  private List<LocalDate> days(UUID store) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (Connection c = master.dataSource().getConnection();
        PreparedStatement s =
            MigratedMaster.prepare(
                c,
                "SELECT metric_date FROM usage_metrics WHERE store_id = ? ORDER BY metric_date",
                store);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        days.add(rs.getObject(1, LocalDate.class));
      }
    }
    return days;
  }

  private Map<String, Object> row(UUID store, String day) {
    return rows().get(store + "/" + day);
  }

  /** Every usage row's rolled-up values, by store and day. */
  private Map<String, Map<String, Object>> rows() {
    try (Connection c = master.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT store_id, metric_date, "
                    + String.join(", ", COLUMNS)
                    + " FROM usage_metrics");
        ResultSet rs = s.executeQuery()) {
      Map<String, Map<String, Object>> rows = new java.util.TreeMap<>();
      while (rs.next()) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (String column : COLUMNS) {
          Object value = rs.getObject(column);
          values.put(column, value instanceof BigDecimal d ? d.setScale(2) : value);
        }
        rows.put(rs.getObject(1) + "/" + rs.getObject(2, LocalDate.class), values);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> expected(
      int products, int created, int updated, int deleted, int orders, String revenue) {
    List<Object> values =
        List.of(products, created, updated, deleted, orders, new BigDecimal(revenue));
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      row.put(COLUMNS.get(i), values.get(i));
    }
    return row;
  }

  /** A store database at the current client schema, registered active in the master. */
  private UUID store(String name) {
    TestDatabase database = TestDatabases.postgres().createDatabase("dailyrollup");
    storeDatabases.add(database);
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(database.jdbcUrl());
    dataSource.setUser(database.username());
    dataSource.setPassword(database.password());
    new ClientSchemaMigrator(dataSource, Dialect.POSTGRESQL).migrate();
    UUID id = UUID.randomUUID();
    master.update(
        "INSERT INTO stores (id, name, slug, status, plan_code, subscription_status,"
            + " database_status, database_host, database_port, created_at, updated_at)"
            + " VALUES (?, ?, ?, 'ACTIVE', 'starter', 'ACTIVE', 'ACTIVE', ?, ?, now(), now())",
        id,
        name,
        "daily-" + name + "-" + id.toString().substring(0, 8),
        database.server().host(),
        database.server().port());
    DatabaseLogin login =
        new DatabaseLogin(
            DatabaseEngine.POSTGRESQL,
            database.server().host(),
            database.server().port(),
            database.name(),
            database.username(),
            SecretString.of(database.password()),
            false,
            false);
    routes.put(
        id,
        new StoreRoute(
            id, "daily-" + name, new RouteAccess.Jdbc(login), new RouteStamp(1, 2, "ACTIVE")));
    return id;
  }

  /** The stores' routes, held in memory as the resolver's cache would hold them. */
  private final class Routes implements RouteResolver {
    @Override
    public Optional<StoreRoute> resolve(UUID storeId) {
      return Optional.ofNullable(routes.get(storeId));
    }

    @Override
    public Map<UUID, RouteStamp> stamps(Collection<UUID> storeIds) {
      return storeIds.stream()
          .filter(routes::containsKey)
          .collect(Collectors.toMap(Function.identity(), id -> routes.get(id).stamp()));
    }
  }

  private static void product(Connection c, UUID id, String created, String updated)
      throws SQLException {
    execute(
        c,
        "INSERT INTO products (id, title, slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        id,
        "Product " + id,
        "p-" + id,
        at(created),
        at(updated));
  }

  private static void order(Connection c, String number, String total, String created)
      throws SQLException {
    execute(
        c,
        "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total, placed_at,"
            + " created_at, updated_at) VALUES (?, ?, 'a@example.com', 'EUR', ?, ?, ?, ?, ?)",
        UUID.randomUUID(),
        number,
        new BigDecimal(total),
        new BigDecimal(total),
        at(created),
        at(created),
        at(created));
  }

  private static OffsetDateTime at(String instant) {
    return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
  }

  private static void execute(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = MigratedMaster.prepare(c, sql, values)) {
      s.executeUpdate();
    }
  }

  private record Config(
      RollupConfig.Daily daily, RollupConfig.Parallelism parallelism, RollupConfig.Retry retry)
      implements RollupConfig {}

  private record Daily(boolean enabled, String cron) implements RollupConfig.Daily {}

  private record Parallelism(int maxRunning, int maxPerServer)
      implements RollupConfig.Parallelism {}

  private record Retry(Duration initialDelay, Duration maxDelay, int attempts)
      implements RollupConfig.Retry {}
}
