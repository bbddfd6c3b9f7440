package io.storeplane.bench;

import io.storeplane.clientschema.jdbc.ResultRows;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.ManagerStatus;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.connect.RouteAccess;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Many stores: {@code SELECT 1} on stores picked uniformly at random among hundreds of real
 * databases, through the ConnectionManager (global budget, LRU closing) and then through the naive
 * map of pools, on the same databases in the same run, on PostgreSQL and on MariaDB/MySQL.
 */
final class ManyStoresScenario {

  private final int pgStores;
  private final int mysqlStores;
  private final int threads;
  private final int poolSize;
  private final int pgBudget;
  private final int mysqlBudget;
  private final Duration measure;
  private final Duration warmUp;
  private final double skew;
  private final int registered;

  ManyStoresScenario(BenchOptions options) {
    this.pgStores = options.integer("stores", 500);
    this.mysqlStores = options.integer("mysql-stores", 100);
    this.threads = options.integer("threads", 16);
    this.poolSize = options.integer("pool-size", 2);
    this.pgBudget = options.integer("budget", 70);
    this.mysqlBudget = options.integer("mysql-budget", 100);
    this.measure = Duration.ofSeconds(options.integer("seconds", 20));
    this.warmUp = Duration.ofSeconds(options.integer("warmup", 3));
    this.skew = Double.parseDouble(options.text("skew", "0"));
    this.registered = options.integer("registered", 100_000);
  }

  void run() throws Exception {
    Table table =
        new Table(
            "engine",
            "stores",
            "design",
            "calls/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "too-many-connections errors",
            "other errors",
            "peak server connections",
            "pools open at end");
    Table heap = new Table("engine", "stores", "heap per registered store", "heap per open pool");
    if (registered > 0) {
      registeredHeap(heap);
    }
    if (pgStores > 0) {
      engine(DatabaseEngine.POSTGRESQL, pgStores, pgBudget, table, heap);
    }
    if (mysqlStores > 0) {
      engine(DatabaseEngine.MYSQL, mysqlStores, mysqlBudget, table, heap);
    }
    System.out.printf(
        "Many stores: %d threads, pool size %d per store, a random store per call (%s), %s"
            + " measured after %s warm-up; manager budget %d (PostgreSQL) / %d (MySQL).%n%n",
        threads,
        poolSize,
        skew == 0 ? "uniform" : "Zipf, exponent " + skew,
        measure,
        warmUp,
        pgBudget,
        mysqlBudget);
    table.print();
    heap.print();
  }

  private void engine(DatabaseEngine engine, int count, int budget, Table table, Table heap)
      throws Exception {
    BenchServers.Server server = BenchServers.Server.of(engine);
    String label = engine == DatabaseEngine.POSTGRESQL ? "PostgreSQL" : "MariaDB/MySQL";
    System.out.println(label + ": " + server.describe());
    try (BenchServers servers = new BenchServers()) {
      List<String> databases = servers.createDatabases(server, count);
      StoreSet stores = new StoreSet().add(server, databases, poolSize);
      PoolSettings settings =
          PoolSettings.builder()
              .budget(budget)
              .maxPoolSize(poolSize)
              .idleTimeout(Duration.ofSeconds(30))
              .build();

      ConnectionManager manager = Bench.manager(settings, stores);
      long before = Bench.usedHeapAfterGc();
      for (int i = 0; i < count; i++) {
        manager.forStore(stores.id(i));
      }
      long registered = Bench.usedHeapAfterGc();
      LoadRun.Result managed =
          skewed(
              server,
              count,
              i -> manager.forStore(stores.id(i)).jdbc().orElseThrow().query("SELECT 1 AS one"));
      ManagerStatus status = manager.status();
      long withPools = Bench.usedHeapAfterGc();
      row(table, label, count, "ConnectionManager", managed, status.openPools());
      heap.row(
          label,
          count,
          bytes((registered - before) / (double) count),
          bytes((withPools - registered) / (double) Math.max(1, status.openPools())));
      manager.close();

      LoadRun.Result unpooled = skewed(server, count, i -> connectAndSelect(stores, i));
      row(table, label, count, "new connection per call", unpooled, 0);

      NaivePools naive = new NaivePools(stores, settings.connectTimeout());
      LoadRun.Result baseline = skewed(server, count, naive::selectOne);
      row(table, label, count, "naive map of pools", baseline, naive.size());
      naive.close();
    }
  }

  /** One load run over {@code count} stores picked with the run's Zipf skew. */
  private LoadRun.Result skewed(BenchServers.Server server, int count, LoadRun.Call call)
      throws InterruptedException, SQLException {
    return LoadRun.run(
        threads,
        warmUp,
        measure,
        LoadRun.zipf(count, skew),
        i -> "call",
        call,
        LoadRun.counting(server));
  }

  /**
   * Heap per registered store, measured over many synthetic routes (no database needed: routing
   * does not connect). Counts the route, its target and breaker, and the bench's own map entry.
   */
  private void registeredHeap(Table heap) {
    long before = Bench.usedHeapAfterGc();
    StoreSet synthetic = new StoreSet();
    for (int i = 0; i < registered; i++) {
      synthetic.add(
          "synthetic-" + i,
          new RouteAccess.Jdbc(
              new DatabaseLogin(
                  DatabaseEngine.POSTGRESQL,
                  "db-" + (i % 50) + ".stores.internal",
                  5432,
                  "store_" + i,
                  "store_user_" + i,
                  SecretString.of("secret-" + UUID.randomUUID()),
                  true,
                  true)),
          2);
    }
    try (ConnectionManager manager = Bench.manager(PoolSettings.builder().build(), synthetic)) {
      for (int i = 0; i < registered; i++) {
        manager.forStore(synthetic.id(i));
      }
      long after = Bench.usedHeapAfterGc();
      heap.row("routes only", registered, bytes((after - before) / (double) registered), "-");
    }
  }

  /**
   * The third design: no pool, a new connection per call, closed after it. It never holds more
   * connections than callers, and it shows what connecting costs on this machine: the ceiling of
   * any design that cannot keep every store's connection open.
   */
  private static void connectAndSelect(StoreSet stores, int index) throws SQLException {
    DatabaseLogin target = ((RouteAccess.Jdbc) stores.get(index).access()).target();
    try (Connection connection =
            DriverManager.getConnection(target.jdbcUrl(), Bench.driverProperties(target));
        PreparedStatement statement = connection.prepareStatement("SELECT 1 AS one");
        ResultSet rows = statement.executeQuery()) {
      ResultRows.asObjects(rows);
    }
  }

  private static void row(
      Table table, String engine, int stores, String design, LoadRun.Result result, int open) {
    Latencies latencies = result.latencies("call");
    table.row(
        engine,
        stores,
        design,
        result.throughput("call"),
        latencies.percentileMicros(50) / 1000,
        latencies.percentileMicros(99) / 1000,
        latencies.maxMicros() / 1000,
        result.failures(LoadRun.TOO_MANY),
        result.failuresOtherThan(LoadRun.TOO_MANY) + " " + result.failures(),
        result.peakConnections(),
        open);
  }

  private static String bytes(double value) {
    return value >= 1024 ? "%.1f KiB".formatted(value / 1024) : "%.0f B".formatted(value);
  }
}
