package io.storeplane.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.storeplane.clientschema.jdbc.ResultRows;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.connect.RouteAccess;
import io.storeplane.provisioning.database.DatabaseLogin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Routing overhead: {@code SELECT 1} through {@code forStore(id).jdbc().query(...)} against the
 * same query on a raw HikariCP pool of the same size to the same database, with the same driver
 * properties (the outbound guard's socket factory included), in alternating rounds of one run. Then
 * the cost of {@code forStore(id)} alone, in a tight loop.
 */
final class RoutingScenario {

  private final int threads;
  private final Duration measure;
  private final Duration warmUp;
  private final int rounds;

  RoutingScenario(BenchOptions options) {
    this.threads = options.integer("threads", 4);
    this.measure = Duration.ofSeconds(options.integer("seconds", 10));
    this.warmUp = Duration.ofSeconds(options.integer("warmup", 3));
    this.rounds = options.integer("rounds", 2);
  }

  void run() throws Exception {
    BenchServers.Server server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    try (BenchServers servers = new BenchServers()) {
      List<String> databases = servers.createDatabases(server, 1);
      StoreSet stores = new StoreSet().add(server, databases, threads);
      UUID id = stores.id(0);
      DatabaseLogin target = ((RouteAccess.Jdbc) stores.get(0).access()).target();
      PoolSettings settings =
          PoolSettings.builder().budget(threads * 2).maxPoolSize(threads).build();
      try (ConnectionManager manager = Bench.manager(settings, stores);
          HikariDataSource raw = raw(target)) {
        LoadRun.Call viaManager =
            i -> manager.forStore(id).jdbc().orElseThrow().query("SELECT 1 AS one");
        LoadRun.Call viaRaw =
            i -> {
              try (Connection connection = raw.getConnection();
                  PreparedStatement statement = connection.prepareStatement("SELECT 1 AS one");
                  ResultSet rows = statement.executeQuery()) {
                ResultRows.asObjects(rows);
              }
            };
        Table table =
            new Table("round", "path", "calls/s", "p50 µs", "p99 µs", "max µs", "mean µs");
        double rawThroughput = 0;
        double managerThroughput = 0;
        double rawP50 = 0;
        double managerP50 = 0;
        double rawMean = 0;
        double managerMean = 0;
        for (int round = 1; round <= rounds; round++) {
          LoadRun.Result r = load(viaRaw);
          LoadRun.Result m = load(viaManager);
          row(table, round, "raw HikariCP", r);
          row(table, round, "forStore(id)", m);
          rawThroughput += r.throughput("call");
          managerThroughput += m.throughput("call");
          rawP50 += r.latencies("call").percentileMicros(50);
          managerP50 += m.latencies("call").percentileMicros(50);
          rawMean += r.latencies("call").meanMicros();
          managerMean += m.latencies("call").meanMicros();
        }
        System.out.printf(
            "Routing: %d threads, pool size %d, %s measured per round after %s warm-up.%n%n",
            threads, threads, measure, warmUp);
        new Table("ratio forStore/raw (throughput)", "p50 overhead µs", "mean overhead µs")
            .row(
                managerThroughput / rawThroughput,
                (managerP50 - rawP50) / rounds,
                (managerMean - rawMean) / rounds)
            .print();
        table.print();
        forStoreAlone(manager, id);
      }
    }
  }

  private LoadRun.Result load(LoadRun.Call call) throws InterruptedException {
    return LoadRun.run(threads, warmUp, measure, () -> 0, i -> "call", call, () -> 0);
  }

  private static void row(Table table, int round, String path, LoadRun.Result result) {
    Latencies latencies = result.latencies("call");
    table.row(
        round,
        path,
        result.throughput("call"),
        latencies.percentileMicros(50),
        latencies.percentileMicros(99),
        latencies.maxMicros(),
        latencies.meanMicros());
  }

  /** {@code forStore(id)} alone: a cache hit and a handle, no connection. */
  private static void forStoreAlone(ConnectionManager manager, UUID id) {
    int iterations = 2_000_000;
    long sink = 0;
    for (int i = 0; i < iterations; i++) {
      sink += manager.forStore(id).poolName().length();
    }
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      sink += manager.forStore(id).poolName().length();
    }
    double nanos = (System.nanoTime() - start) / (double) iterations;
    new Table("forStore(id) alone, one thread", "ns per call")
        .row("2,000,000 calls after as many warm-up calls (sink " + (sink % 10) + ")", nanos)
        .print();
  }

  private HikariDataSource raw(DatabaseLogin target) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("raw");
    config.setJdbcUrl(target.jdbcUrl());
    config.setDataSourceProperties(Bench.driverProperties(target));
    config.setMaximumPoolSize(threads);
    return new HikariDataSource(config);
  }
}
