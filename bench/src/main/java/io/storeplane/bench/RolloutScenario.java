package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.bench.VersionThreeFleet.FleetStore;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import io.storeplane.clientschema.migrate.MigrationResult;
import io.storeplane.master.server.DatabaseEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 19's fleet benchmark: client schema version 3 to 4 over N PostgreSQL and M MariaDB/MySQL
 * stores through the real rollout ({@code POST /api/v1/rollouts} on the packaged control plane: the
 * fleet's {@code Rollouts} service and its {@code fleet.rollout} workers on the job engine), one
 * wave of 100 % at each parallelism asked for, no canary; against the loop a user scripts today,
 * one Flyway migrate per store after another ({@link ClientSchemaMigrator#migrateTo} on a plain
 * data source), in the same run on the same databases; and a rollout over the same stores once all
 * are at version 4 (each skipped from the ledger without opening its database), against the same
 * loop with nothing to do.
 *
 * <p>The fleet is made at version 3 by {@link VersionThreeFleet} (the API cannot make an older
 * store), and put back at version 3 between measurements by {@link V4Undo} (bench-only). After
 * every migration {@link V4Check} fails the run unless the ledger says 4 for every store (rollouts)
 * and a sample of databases holds V4's objects. Wall times run from the request to the rollout seen
 * completed in the master (its state read every {@link #POLL_MS} ms, so watching costs the control
 * plane nothing); per-store latencies are the rollout's items' start to end. Every database the run
 * made, the master's included, is dropped at the end, also on failure.
 */
final class RolloutScenario {

  private static final int TARGET = 4;
  private static final long POLL_MS = 20;
  private static final long ROLLOUT_TIMEOUT_MINUTES = 30;

  private final int pgStores;
  private final int mysqlStores;
  private final List<Integer> parallelisms;
  private final int setupThreads;
  private final int sample;
  private final int warmUp;
  private final Path app;
  private final BenchServers.Server postgres = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
  private final BenchServers.Server mysql = BenchServers.Server.of(DatabaseEngine.MYSQL);
  private final String key = ControlPlaneProcess.newEncryptionKey();

  RolloutScenario(BenchOptions options) {
    this.pgStores = options.integer("pg-stores", 1000);
    this.mysqlStores = options.integer("mysql-stores", 100);
    this.parallelisms = options.positiveIntegers("parallelism", "1,4,8,16");
    this.setupThreads = options.positiveInteger("setup-threads", 4);
    this.sample = options.positiveInteger("sample", 20);
    this.warmUp = options.integer("warmup", 20);
    this.app = ControlPlaneProcess.packagedApp(options);
    if (pgStores < 1 || mysqlStores < 0) {
      throw new IllegalArgumentException(
          "--pg-stores takes a positive integer and --mysql-stores a whole number");
    }
  }

  void run() throws Exception {
    int stores = pgStores + mysqlStores;
    int workers = Collections.max(parallelisms) + 2;
    System.out.println("PostgreSQL: " + postgres.describe());
    System.out.println("MariaDB/MySQL: " + mysql.describe());
    System.out.printf(
        "control plane: %s, %d job workers, master pool %d%n",
        app.toAbsolutePath(), workers, 2 * workers + 8);
    List<Line> lines = new ArrayList<>();
    List<String> made = new ArrayList<>();
    try (BenchServers servers = new BenchServers()) {
      String master = servers.master(postgres);
      made.add(master);
      try (ControlPlaneProcess plane = launch(master, workers);
          ServersCpu cpu = serversCpu(master)) {
        plane.awaitReady();
        long setup = System.nanoTime();
        List<FleetStore> fleet =
            new VersionThreeFleet(servers, master, postgres, mysql, key, setupThreads)
                .create(pgStores, mysqlStores);
        fleet.forEach(store -> made.add(store.database()));
        System.out.printf(
            "set-up (not a result): %d PostgreSQL stores copied from a version-3 template and %d"
                + " MariaDB/MySQL stores migrated to version 3, recorded in the master, in %.1f"
                + " s%n%n",
            pgStores, mysqlStores, (System.nanoTime() - setup) / 1e9);
        V4Undo undo = new V4Undo(postgres, master, setupThreads);
        V4Check check = new V4Check(postgres, master, sample);
        warmUp(plane, master, fleet, undo, cpu);

        Row loop = loop("baseline: Flyway loop, one store after another", fleet, cpu);
        requireOutcome(loop, stores, 0);
        check.require(fleet, false, "the Flyway loop");
        undo.undo(fleet);
        lines.add(new Line(loop, loop));
        for (int i = 0; i < parallelisms.size(); i++) {
          int p = parallelisms.get(i);
          Row rollout = rollout(plane, master, p, "rollout, one wave, parallelism " + p, cpu);
          requireOutcome(rollout, stores, 0);
          check.require(fleet, true, "the rollout at parallelism " + p);
          if (i < parallelisms.size() - 1) {
            undo.undo(fleet);
          }
          lines.add(new Line(rollout, loop));
        }
        Row upToDate =
            rollout(
                plane,
                master,
                parallelisms.get(parallelisms.size() - 1),
                "rollout, every store already at " + TARGET,
                cpu);
        requireOutcome(upToDate, 0, stores);
        Row noOpLoop = loop("baseline: Flyway loop, every store already at " + TARGET, fleet, cpu);
        requireOutcome(noOpLoop, 0, stores);
        lines.add(new Line(noOpLoop, noOpLoop));
        lines.add(new Line(upToDate, noOpLoop));
        print(lines);
      }
    }
    System.out.println(leftovers(made));
  }

  /** The database servers' CPU counters, read through sessions of their own. */
  private ServersCpu serversCpu(String master) throws SQLException {
    Connection pg = postgres.admin();
    Connection my = null;
    try {
      my = mysqlStores > 0 ? mysql.admin() : null;
      return new ServersCpu(DatabaseServerCpu.find(pg, my, master), pg, my);
    } catch (SQLException | RuntimeException e) {
      try (pg;
          Connection opened = my) {
        throw e;
      }
    }
  }

  /** Whether any database the run made is still there, after {@link BenchServers} dropped them. */
  private String leftovers(List<String> made) throws SQLException {
    List<String> left = new ArrayList<>();
    for (BenchServers.Server server : List.of(postgres, mysql)) {
      String sql =
          server.engine() == DatabaseEngine.POSTGRESQL
              ? "SELECT datname FROM pg_database WHERE datname LIKE 'spbench\\_%'"
              : "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE"
                  + " 'spbench\\_%'";
      try (Connection admin = server.admin();
          PreparedStatement s = admin.prepareStatement(sql);
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (made.contains(r.getString(1))) {
            left.add(r.getString(1));
          }
        }
      }
    }
    return left.isEmpty()
        ? "Leftovers after the run: none (%d databases made and dropped; no login made)."
            .formatted(made.size())
        : "LEFTOVERS after the run: " + left;
  }

  private ControlPlaneProcess launch(String master, int workers) throws Exception {
    return ControlPlaneProcess.launch(
        new ControlPlaneProcess.Settings(
            app,
            postgres,
            mysql,
            master,
            false,
            workers,
            2 * workers + 8,
            Map.of(
                // the fleet's sealed connections open with this key
                "STOREPLANE_CRYPTO_KEYS_BENCH", key,
                "STOREPLANE_FLEET_ROLLOUT_MAX_PARALLELISM",
                    String.valueOf(Math.max(16, Collections.max(parallelisms))),
                // nothing else opens the stores' databases during the run
                "STOREPLANE_FLEET_DRIFT_SCAN_ENABLED", "false",
                "STOREPLANE_FLEET_RECONCILER_ENABLED", "false",
                "STOREPLANE_ROLLUP_DAILY_ENABLED", "false")));
  }

  /**
   * Warms both JVMs up, untimed: the loop and a rollout over the first {@code --warmup} stores,
   * each put back at version 3 after, so neither side's first measurement pays for its JIT.
   */
  private void warmUp(
      ControlPlaneProcess plane,
      String master,
      List<FleetStore> fleet,
      V4Undo undo,
      ServersCpu servers)
      throws Exception {
    if (warmUp <= 0) {
      return;
    }
    List<FleetStore> few = fleet.subList(0, Math.min(warmUp, fleet.size()));
    loop("warm-up loop", few, servers);
    undo.undo(few);
    Map<String, Object> selector =
        Map.of("storeIds", few.stream().map(store -> store.id().toString()).toList());
    rollout(plane, master, Collections.max(parallelisms), "warm-up rollout", selector, servers);
    undo.undo(few);
    System.out.printf("warm-up (untimed): the loop and a rollout over %d stores%n%n", few.size());
  }

  /**
   * One {@code migrateTo(4)} per store, one after another, each on a plain data source; a store
   * where Flyway found nothing to do counts as skipped.
   */
  private Row loop(String path, List<FleetStore> fleet, ServersCpu servers) throws SQLException {
    Latencies nanos = new Latencies();
    int migrated = 0;
    DatabaseServerCpu.Sample databases = servers.sample();
    MachineCpu.Sample machine = MachineCpu.sample();
    long cpu = ServerCpu.cpuNanos(ProcessHandle.current().pid());
    long start = System.nanoTime();
    for (FleetStore store : fleet) {
      long one = System.nanoTime();
      MigrationResult result =
          new ClientSchemaMigrator(
                  store.server().target(store.database()).dataSource(), store.dialect())
              .migrateTo(TARGET);
      nanos.record(System.nanoTime() - one);
      migrated += result.migrationsApplied() > 0 ? 1 : 0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Row(
        path,
        fleet.size(),
        seconds,
        Latencies.merge(List.of(nanos)),
        Latencies.merge(List.of()),
        migrated,
        fleet.size() - migrated,
        0,
        ServerCpu.cpuNanos(ProcessHandle.current().pid()) - cpu,
        MachineCpu.sample().busyPercentSince(machine),
        servers.sample().since(databases));
  }

  /** A rollout to version 4 over every store in one wave of {@code parallelism}, to its end. */
  private Row rollout(
      ControlPlaneProcess plane, String master, int parallelism, String path, ServersCpu servers)
      throws Exception {
    return rollout(plane, master, parallelism, path, Map.of(), servers);
  }

  /** As above, over the stores {@code selector} names (every active store when empty). */
  private Row rollout(
      ControlPlaneProcess plane,
      String master,
      int parallelism,
      String path,
      Map<String, Object> selector,
      ServersCpu servers)
      throws Exception {
    ControlPlaneClient api = plane.api();
    Map<String, Object> body =
        Map.of(
            "targetVersion",
            TARGET,
            "selector",
            selector,
            "waves",
            List.of(Map.of("percent", 100, "parallelism", parallelism)),
            "maxFailureRate",
            0.05,
            "onFailure",
            "pause");
    DatabaseServerCpu.Sample databases = servers.sample();
    MachineCpu.Sample machine = MachineCpu.sample();
    long cpu = ServerCpu.cpuNanos(plane.pid());
    long start = System.nanoTime();
    JsonNode rollout = api.post("/api/v1/rollouts", body, 202);
    String id = rollout.path("id").asText();
    awaitEnd(master, UUID.fromString(id), start);
    double seconds = (System.nanoTime() - start) / 1e9;
    long appCpu = ServerCpu.cpuNanos(plane.pid()) - cpu;
    double busy = MachineCpu.sample().busyPercentSince(machine);
    DatabaseServerCpu.Window databaseCpu = servers.sample().since(databases);
    rollout = api.get("/api/v1/rollouts/" + id + "?size=1");
    if (!rollout.path("state").asText().equals("completed")) {
      throw new IllegalStateException(
          "Rollout %s ended %s (%s): %s"
              .formatted(
                  id,
                  rollout.path("state").asText(),
                  rollout.path("pauseReason").asText(),
                  rollout.path("counts")));
    }
    JsonNode counts = rollout.path("counts");
    List<Latencies> nanos = itemNanos(master, UUID.fromString(id));
    return new Row(
        path,
        counts.path("total").asInt(),
        seconds,
        nanos.get(0),
        nanos.get(1),
        counts.path("applied").asInt(),
        counts.path("skipped").asInt(),
        counts.path("failed").asInt(),
        appCpu,
        busy,
        databaseCpu);
  }

  /**
   * Waits until the rollout is no longer running, reading its state in the master every {@link
   * #POLL_MS} ms (a primary-key read, so the wait costs the control plane nothing).
   */
  private void awaitEnd(String master, UUID id, long start) throws SQLException {
    long deadline = start + TimeUnit.MINUTES.toNanos(ROLLOUT_TIMEOUT_MINUTES);
    try (Connection c =
            DriverManager.getConnection(
                postgres.url(master), postgres.user(), postgres.password());
        PreparedStatement s = c.prepareStatement("SELECT state FROM rollouts WHERE id = ?")) {
      s.setObject(1, id);
      while (true) {
        try (ResultSet r = s.executeQuery()) {
          if (!r.next() || !r.getString(1).equals("RUNNING")) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Rollout %s did not end within %d minutes".formatted(id, ROLLOUT_TIMEOUT_MINUTES));
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
      }
    }
  }

  /**
   * Each migrated store's time in the rollout, from its claim to its end, and the part of it its
   * ledger row of version 4 took (the version's own migration), each sorted.
   */
  private List<Latencies> itemNanos(String master, UUID rollout) throws SQLException {
    Latencies items = new Latencies();
    Latencies versions = new Latencies();
    try (Connection c =
            DriverManager.getConnection(
                postgres.url(master), postgres.user(), postgres.password());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT (EXTRACT(EPOCH FROM i.finished_at - i.started_at) * 1e9)::bigint,"
                    + " (EXTRACT(EPOCH FROM v.finished_at - v.started_at) * 1e9)::bigint"
                    + " FROM rollout_items i JOIN store_schema_versions v ON v.store_id ="
                    + " i.store_id AND v.version = ? AND v.rollout_id = i.rollout_id"
                    + " WHERE i.rollout_id = ? AND i.state = 'APPLIED'")) {
      s.setInt(1, TARGET);
      s.setObject(2, rollout);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          items.record(r.getLong(1));
          versions.record(r.getLong(2));
        }
      }
    }
    return List.of(Latencies.merge(List.of(items)), Latencies.merge(List.of(versions)));
  }

  private static void requireOutcome(Row row, int applied, int skipped) {
    if (row.applied() != applied || row.skipped() != skipped || row.failed() != 0) {
      throw new IllegalStateException(
          "%s: %d applied, %d skipped, %d failed; expected %d applied and %d skipped"
              .formatted(row.path(), row.applied(), row.skipped(), row.failed(), applied, skipped));
    }
  }

  private void print(List<Line> lines) {
    System.out.printf(
        "Client schema %d -> %d over %d PostgreSQL and %d MariaDB/MySQL stores; wall time from the"
            + " request to the rollout seen completed in the master (read every %d ms); ratio: wall time over"
            + " the Flyway loop's over the stores in the same state (< 1: faster than the loop);"
            + " Java CPU: the control plane's process for a rollout, the bench's JVM for a loop;"
            + " PostgreSQL and MariaDB CPU: each server's processes over the window (PostgreSQL's"
            + " ended backends included; of it the master's live backends), from /proc;"
            + " machine CPU: every process on the machine over the window.%n%n",
        TARGET - 1, TARGET, pgStores, mysqlStores, POLL_MS);
    Table table =
        new Table(
            "path",
            "ratio to the loop",
            "stores",
            "seconds",
            "stores/s",
            "p50 ms per store",
            "p99 ms per store",
            "max ms per store",
            "p50 ms of it in V4 (ledger)",
            "migrated",
            "skipped",
            "failed",
            "Java CPU ms per store",
            "PostgreSQL CPU ms per store",
            "of it the master's backends",
            "MariaDB CPU ms per store",
            "machine CPU busy %");
    for (Line line : lines) {
      Row row = line.row();
      table.row(
          row.path(),
          "%.3f".formatted(row.seconds() / line.baseline().seconds()),
          row.stores(),
          "%.2f".formatted(row.seconds()),
          "%.0f".formatted(row.stores() / row.seconds()),
          millis(row.perStore().percentileMicros(50)),
          millis(row.perStore().percentileMicros(99)),
          millis(row.perStore().maxMicros()),
          millis(row.inV4().percentileMicros(50)),
          row.applied(),
          row.skipped(),
          row.failed(),
          "%.1f".formatted(row.javaCpuNanos() / 1e6 / row.stores()),
          perStore(row.databaseCpu().postgresSeconds(), row.stores()),
          perStore(row.databaseCpu().databaseSeconds(), row.stores()),
          perStore(row.databaseCpu().mysqlSeconds(), row.stores()),
          "%.0f".formatted(row.machineBusyPercent()));
    }
    table.print();
  }

  /** CPU seconds spread over the stores, in milliseconds each; "-" where unknown. */
  private static String perStore(double seconds, int stores) {
    return Double.isNaN(seconds) ? "-" : "%.1f".formatted(seconds * 1000 / stores);
  }

  /** Microseconds as milliseconds; "-" for none. */
  private static String millis(double micros) {
    return Double.isNaN(micros) ? "-" : "%.1f".formatted(micros / 1000.0);
  }

  /**
   * One measured path: wall time, per-store time (a rollout's migrated stores) and, for a rollout,
   * the time of each one's version-4 ledger row; stores by outcome; the CPU time of the JVM doing
   * the work (the control plane's for a rollout, the bench's for a loop) and how busy the machine's
   * CPUs were over the window.
   */
  private record Row(
      String path,
      int stores,
      double seconds,
      Latencies perStore,
      Latencies inV4,
      int applied,
      int skipped,
      int failed,
      long javaCpuNanos,
      double machineBusyPercent,
      DatabaseServerCpu.Window databaseCpu) {}

  /**
   * The database servers' CPU counters and the two sessions they are read through, open for the
   * whole run.
   */
  private record ServersCpu(DatabaseServerCpu cpu, Connection postgres, Connection mysql)
      implements AutoCloseable {

    DatabaseServerCpu.Sample sample() throws SQLException {
      return cpu.sample(postgres);
    }

    @Override
    public void close() throws SQLException {
      try (postgres;
          mysql) {
        // both closed
      }
    }
  }

  /** A row of the table and the loop it is compared with. */
  private record Line(Row row, Row baseline) {}
}
