package io.storeplane.bench;

import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.connect.RouteAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * A dead store among live ones: the live stores' latencies with no dead store, then with one store
 * whose server accepts connections and never answers (the worst kind of dead: every connect waits
 * for its timeout) receiving a share of the calls; through the ConnectionManager (timeouts and
 * circuit breaker) and through the naive map of pools with the same connect timeout.
 */
final class DeadStoreScenario {

  private final int liveStores;
  private final int threads;
  private final int deadPercent;
  private final Duration measure;
  private final Duration warmUp;

  DeadStoreScenario(BenchOptions options) {
    this.liveStores = options.integer("stores", 20);
    this.threads = options.integer("threads", 16);
    this.deadPercent = options.integer("dead-percent", 10);
    this.measure = Duration.ofSeconds(options.integer("seconds", 15));
    this.warmUp = Duration.ofSeconds(options.integer("warmup", 3));
  }

  void run() throws Exception {
    BenchServers.Server server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    try (BenchServers servers = new BenchServers();
        SilentServer silent = new SilentServer()) {
      List<String> databases = servers.createDatabases(server, liveStores);
      StoreSet stores = new StoreSet().add(server, databases, 2);
      stores.add("dead", new RouteAccess.Jdbc(server.target("spbench_dead", silent.port())), 2);
      int dead = liveStores;
      PoolSettings settings = PoolSettings.builder().budget(70).maxPoolSize(2).build();
      IntSupplier liveOnly = LoadRun.uniform(liveStores);
      IntSupplier withDead =
          () ->
              ThreadLocalRandom.current().nextInt(100) < deadPercent
                  ? dead
                  : ThreadLocalRandom.current().nextInt(liveStores);
      Table table =
          new Table(
              "design",
              "dead store",
              "live calls/s",
              "live p50 ms",
              "live p99 ms",
              "live max ms",
              "dead-store calls/s (all fail)",
              "dead p50 µs",
              "dead p99 µs",
              "dead max µs",
              "failures by kind",
              "threads stuck 10 s after the window");

      try (ConnectionManager manager = Bench.manager(settings, stores)) {
        LoadRun.Call call =
            i -> manager.forStore(stores.id(i)).jdbc().orElseThrow().query("SELECT 1 AS one");
        row(table, "ConnectionManager", "none", load(liveOnly, dead, call));
        row(table, "ConnectionManager", deadPercent + "% of calls", load(withDead, dead, call));
      }
      try (NaivePools naive = new NaivePools(stores, settings.connectTimeout())) {
        row(table, "naive map of pools", "none", load(liveOnly, dead, naive::selectOne));
        row(
            table,
            "naive map of pools",
            deadPercent + "% of calls",
            load(withDead, dead, naive::selectOne));
      }
      System.out.printf(
          "Dead store: %d live PostgreSQL stores, %d threads, connect timeout %s, breaker %d"
              + " failures / %s cool-down; %s measured after %s warm-up.%n%n",
          liveStores,
          threads,
          settings.connectTimeout(),
          settings.breakerFailureThreshold(),
          settings.breakerCoolDown(),
          measure,
          warmUp);
      table.print();
    }
  }

  private LoadRun.Result load(IntSupplier picker, int dead, LoadRun.Call call)
      throws InterruptedException {
    return LoadRun.run(
        threads, warmUp, measure, picker, i -> i == dead ? "dead" : "live", call, () -> 0);
  }

  private void row(Table table, String design, String deadShare, LoadRun.Result result) {
    Latencies live = result.latencies("live");
    Latencies dead = result.latencies("dead" + LoadRun.FAILED);
    table.row(
        design,
        deadShare,
        result.throughput("live"),
        live.percentileMicros(50) / 1000,
        live.percentileMicros(99) / 1000,
        live.maxMicros() / 1000,
        dead.count() / result.seconds(),
        dead.percentileMicros(50),
        dead.percentileMicros(99),
        dead.maxMicros(),
        result.failures().toString(),
        result.stuckThreads() + " of " + threads);
  }

  /** Accepts TCP connections on 127.0.0.1 and never sends a byte. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = new ArrayList<>();

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 1000, InetAddress.getByName("127.0.0.1"));
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket client = socket.accept();
                    synchronized (accepted) {
                      accepted.add(client);
                    }
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "bench-silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (accepted) {
        for (Socket client : accepted) {
          client.close();
        }
      }
    }
  }
}
