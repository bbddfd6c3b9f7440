package io.storeplane.bench;

import io.storeplane.bus.Bus;
import io.storeplane.bus.BusSettings;
import io.storeplane.bus.Topic;
import io.storeplane.master.server.DatabaseEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The bus's commit-to-listener latency: instance A publishes an event and commits, instance B's
 * subscriber gets it (two {@link Bus}es in this process, each with its own listening connection, on
 * one master database migrated like the real one). One event at a time, so it measures latency, not
 * throughput. Baseline in the same run: the bare round trip of {@code pg_notify} in autocommit on
 * one connection to {@code getNotifications} on another, with a payload of the same size.
 */
final class BusScenario {

  /** A bench event; {@code id} tells events apart. */
  record Tick(UUID id, long sequence) {}

  private static final Topic<Tick> TICKS = Topic.of("bench.tick", Tick.class);
  private static final String BASELINE_CHANNEL = "spbench_baseline";

  private final int events;
  private final int warmUp;

  BusScenario(BenchOptions options) {
    this.events = options.positiveInteger("events", 2000);
    this.warmUp = options.positiveInteger("warmup", 200);
  }

  void run() throws Exception {
    BenchServers.Server server = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    System.out.println("database: " + server.describe());
    System.out.println(
        "events: " + events + " measured after " + warmUp + " unmeasured, one at a time");
    System.out.println();
    try (BenchServers servers = new BenchServers()) {
      String url = server.url(servers.master(server));
      Table table = new Table("path", "events", "p50 µs", "p99 µs", "max µs", "mean µs");
      Latencies baseline = baseline(server, url);
      Latencies bus = bus(server, url);
      table.row(
          "bare pg_notify → getNotifications (baseline)",
          baseline.count(),
          baseline.percentileMicros(50),
          baseline.percentileMicros(99),
          baseline.maxMicros(),
          baseline.meanMicros());
      table.row(
          "bus: commit on A → subscriber on B",
          bus.count(),
          bus.percentileMicros(50),
          bus.percentileMicros(99),
          bus.maxMicros(),
          bus.meanMicros());
      table.print();
    }
  }

  /** From just before A's commit to B's subscriber being called. */
  private Latencies bus(BenchServers.Server server, String url) throws Exception {
    BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    Latencies latencies = new Latencies();
    try (Bus a =
            new Bus(
                BusSettings.of(
                    "bench-a-" + UUID.randomUUID(), url, server.user(), server.password()));
        Bus b =
            new Bus(
                BusSettings.of(
                    "bench-b-" + UUID.randomUUID(), url, server.user(), server.password()));
        Connection publisher = DriverManager.getConnection(url, server.user(), server.password())) {
      b.subscribe(TICKS, tick -> arrivals.add(System.nanoTime()));
      a.start();
      b.start();
      awaitListening(b);
      publisher.setAutoCommit(false);
      for (int i = 0; i < warmUp + events; i++) {
        a.publish(publisher, TICKS, new Tick(UUID.randomUUID(), i));
        long start = System.nanoTime();
        publisher.commit();
        Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
        if (arrived == null) {
          throw new IllegalStateException("Event " + i + " did not arrive within 10 s");
        }
        if (i >= warmUp) {
          latencies.record(arrived - start);
        }
      }
      if (b.counters().deliveredByBackstop() > 0) {
        System.out.println(
            "note: " + b.counters().deliveredByBackstop() + " events came by the backstop");
      }
    }
    return Latencies.merge(java.util.List.of(latencies));
  }

  /**
   * From just before the autocommitted {@code pg_notify} to its arrival on the other connection.
   */
  private Latencies baseline(BenchServers.Server server, String url) throws SQLException {
    Latencies latencies = new Latencies();
    String payload = TICKS.encode(new Tick(UUID.randomUUID(), 0));
    String envelope =
        "{\"seq\" : 1, \"topic\" : \"bench.tick\", \"origin\" : \"bench-a-"
            + UUID.randomUUID()
            + "\", \"payload\" : "
            + payload
            + "}";
    try (Connection notifier = DriverManager.getConnection(url, server.user(), server.password());
        Connection listener = DriverManager.getConnection(url, server.user(), server.password());
        PreparedStatement notify = notifier.prepareStatement("SELECT pg_notify(?, ?)")) {
      try (Statement listen = listener.createStatement()) {
        listen.execute("LISTEN " + BASELINE_CHANNEL);
      }
      PGConnection notifications = listener.unwrap(PGConnection.class);
      notify.setString(1, BASELINE_CHANNEL);
      notify.setString(2, envelope);
      for (int i = 0; i < warmUp + events; i++) {
        long start = System.nanoTime();
        notify.executeQuery().close();
        PGNotification[] received = notifications.getNotifications(10_000);
        long arrived = System.nanoTime();
        if (received == null || received.length != 1) {
          throw new IllegalStateException("Notification " + i + " did not arrive within 10 s");
        }
        if (i >= warmUp) {
          latencies.record(arrived - start);
        }
      }
    }
    return Latencies.merge(java.util.List.of(latencies));
  }

  private static void awaitListening(Bus bus) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (bus.counters().backstopRuns() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The bus did not start listening within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
