package io.storeplane.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.billing.rollup.RollupConfig;
import io.storeplane.billing.rollup.RollupService;
import io.storeplane.billing.rollup.StoreRollupKind;
import io.storeplane.billing.rollup.StoreUsage;
import io.storeplane.billing.rollup.StoreUsageReader;
import io.storeplane.billing.rollup.UsageDay;
import io.storeplane.billing.rollup.UsageRollupWriter;
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
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.connect.SqlSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daily usage rollup of many stores, end to end on the framework-free job engine: a master
 * database migrated with the master migrations and one row per store, store databases copied from a
 * template at the current client schema holding a day of products, orders and media, and {@code
 * POST /api/v1/usage/rollups}'s service queueing one {@code usage.rollup} job per store that the
 * engine's workers run through the ConnectionManager (its budget, one pool per store) with the
 * kind's limits. The baseline, in the same run on the same databases: the same counting queries and
 * the same master upsert, one store after another, each on one new plain JDBC connection. Prints
 * the wall time, per-store latency and the peak connections the store databases saw.
 */
final class RollupScenario {

  private static final Logger JOBS_LOG = Logger.getLogger("io.storeplane.jobs");

  private final int stores;
  private final int threads;
  private final int maxRunning;
  private final int maxPerServer;
  private final int poolSize;
  private final int budget;
  private final int products;
  private final int orders;
  private final UsageDay day = UsageDay.before(Instant.now());
  private BenchServers.Server server;

  RollupScenario(BenchOptions options) {
    this.stores = options.positiveInteger("stores", 1000);
    this.threads = options.positiveInteger("threads", 4);
    this.maxRunning = options.integer("max-running", 8);
    this.maxPerServer = options.integer("max-per-server", 4);
    this.poolSize = options.positiveInteger("pool-size", 2);
    this.budget = options.positiveInteger("budget", 60);
    this.products = options.integer("products", 50);
    this.orders = options.integer("orders", 20);
  }

  void run() throws Exception {
    server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    JOBS_LOG.setLevel(Level.WARNING);
    try (BenchServers servers = new BenchServers()) {
      String master = servers.master(server);
      String template = servers.copies(server, "template0", "rolluptpl", 1).get(0);
      fill(template);
      long copying = System.nanoTime();
      List<String> databases = servers.copies(server, template, "rollup", stores);
      System.out.printf(
          "%d store databases copied from a template at the current client schema in %.1f s,"
              + " each with %d products, %d orders and 10 media files around %s%n%n",
          stores, (System.nanoTime() - copying) / 1e9, products, orders, day);
      StoreSet set = new StoreSet().add(server, databases, poolSize);
      register(master, set);

      Table table =
          new Table(
              "path",
              "stores",
              "seconds",
              "stores/s",
              "p50 ms per store",
              "p99 ms per store",
              "max ms per store",
              "peak store connections",
              "failed");
      Result engine = engine(master, set);
      Result baseline = baseline(master, set);
      row(table, "rollup jobs (engine + ConnectionManager)", engine);
      row(table, "baseline: sequential, one plain connection per store", baseline);
      System.out.printf(
          "Rollup of %d stores: %d engine threads, limits %d running / %d per server, pool size"
              + " %d, budget %d; ratio engine/baseline wall time %.2f.%n%n",
          stores,
          threads,
          maxRunning,
          maxPerServer,
          poolSize,
          budget,
          engine.seconds / baseline.seconds);
      table.print();
    }
  }

  /** Migrates the template and writes one store's day into it. */
  private void fill(String template) throws SQLException {
    try (HikariDataSource ds = pool(template, 2)) {
      new ClientSchemaMigrator(ds, Dialect.POSTGRESQL).migrate();
    }
    Instant start = day.start();
    try (Connection c = DriverManager.getConnection(server.url(template), server.user(), "")) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO products (id, title, slug, created_at, updated_at) VALUES (?, ?, ?, ?,"
                  + " ?)")) {
        for (int i = 0; i < products; i++) {
          Instant created = start.minus(Duration.ofHours(i));
          s.setObject(1, UUID.randomUUID());
          s.setString(2, "Product " + i);
          s.setString(3, "product-" + i);
          s.setObject(4, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
          s.setObject(
              5, OffsetDateTime.ofInstant(created.plus(Duration.ofHours(3)), ZoneOffset.UTC));
          s.addBatch();
        }
        s.executeBatch();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO orders (id, order_number, email, currency, subtotal, grand_total,"
                  + " placed_at, created_at, updated_at) VALUES (?, ?, 'a@example.com', 'EUR', ?,"
                  + " ?, ?, ?, ?)")) {
        for (int i = 0; i < orders; i++) {
          OffsetDateTime at =
              OffsetDateTime.ofInstant(start.plus(Duration.ofMinutes(37L * i)), ZoneOffset.UTC);
          s.setObject(1, UUID.randomUUID());
          s.setString(2, "B-" + i);
          s.setBigDecimal(3, new java.math.BigDecimal("10.50"));
          s.setBigDecimal(4, new java.math.BigDecimal("10.50"));
          s.setObject(5, at);
          s.setObject(6, at);
          s.setObject(7, at);
          s.addBatch();
        }
        s.executeBatch();
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO media_library (id, file_name, storage_key, url, mime_type, size_bytes)"
                + " SELECT gen_random_uuid(), 'f.jpg', 'k' || g, 'https://cdn/' || g, 'image/jpeg',"
                + " 1000 * g FROM generate_series(1, 10) g");
        s.execute("DELETE FROM products WHERE slug = 'product-0'");
      }
    }
  }

  /** One active store row per database, with the bench's store ids. */
  private void register(String master, StoreSet set) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.url(master), server.user(), "");
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO stores (id, name, slug, status, plan_code, subscription_status,"
                    + " database_status, database_host, database_port, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 'ACTIVE', 'starter', 'ACTIVE', 'ACTIVE', ?, ?, now(),"
                    + " now())")) {
      for (int i = 0; i < set.size(); i++) {
        s.setObject(1, set.id(i));
        s.setString(2, "Store " + i);
        s.setString(3, "rollup-" + i);
        s.setString(4, server.host());
        s.setInt(5, server.port());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private Result engine(String master, StoreSet set) throws Exception {
    try (HikariDataSource masterPool = pool(master, threads + 4);
        ConnectionManager manager =
            new ConnectionManager(
                PoolSettings.builder().budget(budget).maxPoolSize(poolSize).build(),
                set,
                masterPool,
                Clock.systemUTC(),
                new SimpleMeterRegistry())) {
      RollupConfig config = config();
      StoreRollupKind kind =
          new StoreRollupKind(
              new StoreUsageReader(
                  manager,
                  id -> {
                    throw new IllegalStateException(
                        "The rollup benchmark's stores are PostgreSQL stores, never Supabase");
                  }),
              new UsageRollupWriter(manager),
              config,
              Clock.systemUTC());
      JobStore store =
          new JobStore(JobTransactions.plain(masterPool), JobKinds.of(kind), JobChanges.NONE);
      RollupService service = new RollupService(store, manager, config, Clock.systemUTC());
      JobRunner runner =
          new JobRunner(store, Clock.systemUTC(), RunListener.NONE, JobMetrics.none());
      Sampler sampler = new Sampler(master);
      long start = System.nanoTime();
      int queued = service.request(day.date(), Optional.empty()).size();
      try (JobEngine engine =
          new JobEngine(
              "bench-rollup",
              store,
              runner,
              Clock.systemUTC(),
              Duration.ofSeconds(30),
              threads,
              JobMetrics.none())) {
        long nextPoll = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(10);
        while (finished(masterPool) < queued) {
          long now = System.nanoTime();
          int claimed;
          if (now >= nextPoll) {
            nextPoll += TimeUnit.MILLISECONDS.toNanos(200);
            claimed = engine.poll();
          } else {
            claimed = engine.claim();
          }
          if (claimed == 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
          }
          if (now > deadline) {
            throw new IllegalStateException("The rollup did not finish within 10 minutes");
          }
        }
      }
      long end = System.nanoTime();
      int peak = sampler.stop();
      List<Long> perStore = new ArrayList<>();
      int failed;
      try (Connection c = masterPool.getConnection();
          Statement s = c.createStatement()) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT (EXTRACT(EPOCH FROM finished_at - started_at) * 1000000)::bigint FROM"
                    + " jobs WHERE kind = 'usage.rollup' AND status = 'SUCCEEDED'")) {
          while (r.next()) {
            perStore.add(r.getLong(1));
          }
        }
        try (ResultSet r =
            s.executeQuery("SELECT count(*) FROM jobs WHERE status <> 'SUCCEEDED'")) {
          r.next();
          failed = r.getInt(1);
        }
        check(c);
      }
      return new Result((end - start) / 1e9, perStore, peak, failed);
    }
  }

  private static int finished(HikariDataSource master) throws SQLException {
    try (Connection c = master.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM jobs WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** Every store's row holds the template's day: the rollup read what was there. */
  private void check(Connection master) throws SQLException {
    try (Statement s = master.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE orders = %d), count(*)".formatted(orders)
                    + " FROM usage_metrics")) {
      r.next();
      if (r.getInt(1) != stores || r.getInt(2) != stores) {
        throw new IllegalStateException(
            "Expected %d rolled-up rows with %d orders, got %d of %d"
                .formatted(stores, orders, r.getInt(1), r.getInt(2)));
      }
    }
  }

  /** The same queries and upsert, one store after another, one new plain connection each. */
  private Result baseline(String master, StoreSet set) throws Exception {
    try (HikariDataSource masterPool = pool(master, 2);
        ConnectionManager masterOnly =
            new ConnectionManager(
                PoolSettings.builder().build(),
                new StoreSet(),
                masterPool,
                Clock.systemUTC(),
                new SimpleMeterRegistry())) {
      UsageRollupWriter writer = new UsageRollupWriter(masterOnly);
      Sampler sampler = new Sampler(master);
      List<Long> perStore = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < set.size(); i++) {
        long one = System.nanoTime();
        String database =
            ((io.storeplane.provisioning.connect.RouteAccess.Jdbc) set.get(i).access())
                .target()
                .database();
        StoreUsage usage;
        try (Connection c =
            DriverManager.getConnection(server.url(database), server.user(), server.password())) {
          c.setAutoCommit(false);
          usage = StoreUsageReader.readSql(new PlainSession(c), day);
          c.commit();
        }
        writer.write(set.id(i), day, usage, Instant.now());
        perStore.add((System.nanoTime() - one) / 1000);
      }
      long end = System.nanoTime();
      return new Result((end - start) / 1e9, perStore, sampler.stop(), 0);
    }
  }

  private RollupConfig config() {
    return new RollupConfig() {
      @Override
      public Daily daily() {
        return new Daily() {
          @Override
          public boolean enabled() {
            return false;
          }

          @Override
          public String cron() {
            return "15 0 * * *";
          }
        };
      }

      @Override
      public Parallelism parallelism() {
        return new Parallelism() {
          @Override
          public int maxRunning() {
            return maxRunning;
          }

          @Override
          public int maxPerServer() {
            return maxPerServer;
          }
        };
      }

      @Override
      public Retry retry() {
        return new Retry() {
          @Override
          public Duration initialDelay() {
            return Duration.ofSeconds(1);
          }

          @Override
          public Duration maxDelay() {
            return Duration.ofSeconds(10);
          }

          @Override
          public int attempts() {
            return 3;
          }
        };
      }
    };
  }

  private HikariDataSource pool(String database, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url(database));
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  private static void row(Table table, String path, Result result) {
    List<Long> sorted = new ArrayList<>(result.perStoreMicros);
    sorted.sort(null);
    table.row(
        path,
        sorted.size(),
        "%.1f".formatted(result.seconds),
        "%.0f".formatted(sorted.size() / result.seconds),
        "%.1f".formatted(percentile(sorted, 50) / 1000.0),
        "%.1f".formatted(percentile(sorted, 99) / 1000.0),
        "%.1f".formatted(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0),
        result.peakConnections,
        result.failed);
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private record Result(
      double seconds, List<Long> perStoreMicros, int peakConnections, int failed) {}

  /**
   * Samples, every 5 ms, the connections the server holds to the store databases (not the master).
   */
  private final class Sampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger peak = new AtomicInteger();
    private final Thread thread;

    Sampler(String master) throws SQLException {
      Connection admin = server.admin();
      thread =
          new Thread(
              () -> {
                try (admin;
                    PreparedStatement s =
                        admin.prepareStatement(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE"
                                + " 'spbench\\_%\\_rollup\\_%'")) {
                  while (running.get()) {
                    try (ResultSet r = s.executeQuery()) {
                      r.next();
                      peak.accumulateAndGet(r.getInt(1), Math::max);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                  }
                } catch (SQLException e) {
                  System.err.println("connection sampler stopped: " + e.getMessage());
                }
              },
              "rollup-connection-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    int stop() throws InterruptedException {
      running.set(false);
      thread.join();
      return peak.get();
    }
  }

  /** A {@link SqlSession} on one plain connection, binding instants as PostgreSQL timestamptz. */
  private record PlainSession(Connection connection) implements SqlSession {

    @Override
    public List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        for (int i = 0; i < parameters.length; i++) {
          Object value = parameters[i];
          s.setObject(
              i + 1,
              value instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : value);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 1; c <= r.getMetaData().getColumnCount(); c++) {
              row.put(r.getMetaData().getColumnLabel(c), r.getObject(c));
            }
            rows.add(row);
          }
        }
        return rows;
      }
    }

    @Override
    public int update(String sql, Object... parameters) throws SQLException {
      throw new UnsupportedOperationException("the rollup only reads");
    }
  }
}
