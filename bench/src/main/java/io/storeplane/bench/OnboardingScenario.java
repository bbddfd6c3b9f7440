package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.database.DatabaseNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Onboarding end to end: stores created through the real control plane's API (the packaged
 * application as a child process, on a master database of its own) with a managed database, each
 * timed from sending {@code POST /api/v1/stores} to seeing its provisioning job succeeded, at
 * several numbers of concurrent clients; against the floor, a bare {@code CREATE DATABASE} timed
 * alone over JDBC at the same concurrency ({@link OnboardingFloor}).
 *
 * <ul>
 *   <li>PostgreSQL, template path: the control plane with templates on clones {@code
 *       sp_template_v<N>}, then seeds;
 *   <li>PostgreSQL, Flyway path: templates off, an empty database migrated by Flyway, then seeded;
 *   <li>MariaDB/MySQL: the Flyway path (MySQL has no template databases).
 * </ul>
 *
 * <p>Every store's job is checked to have taken the path it is counted under. Each batch is purged
 * through the API after it is measured; at the end (also on failure and Ctrl-C) the control plane
 * is stopped and whatever the run left is dropped by name ({@link OnboardingLeftovers}), then the
 * servers are checked for leftovers.
 */
final class OnboardingScenario {

  private enum OnboardingPath {
    PG_FLOOR("PostgreSQL", "floor: CREATE DATABASE … TEMPLATE (JDBC)", null),
    PG_TEMPLATE("PostgreSQL", "template: API, templates on", "managed-postgresql"),
    PG_FLYWAY("PostgreSQL", "flyway: API, templates off", "managed-postgresql"),
    MYSQL_FLOOR("MariaDB", "floor: CREATE DATABASE (JDBC)", null),
    MYSQL_FLYWAY("MariaDB", "flyway: API", "managed-mysql"),
    PG_POOL("PostgreSQL", "warm pool: API", "managed-postgresql"),
    MYSQL_POOL("MariaDB", "warm pool: API", "managed-mysql");

    final String engine;
    final String label;
    final String databaseType;

    OnboardingPath(String engine, String label, String databaseType) {
      this.engine = engine;
      this.label = label;
      this.databaseType = databaseType;
    }
  }

  /**
   * One route at one concurrency: its batch, its jobs' own times and their steps' times, and what
   * was checked.
   */
  private record Result(
      ClosedLoop.Batch batch,
      Latencies jobs,
      Map<String, Latencies> steps,
      String checked,
      boolean pathOk,
      int claimed,
      int seededPrimed,
      StoreCpu cpu) {

    static Result floor(Measured<ClosedLoop.Batch> floor) {
      return new Result(floor.value(), new Latencies(), Map.of(), "-", true, 0, 0, floor.cpu());
    }
  }

  /**
   * The CPU time one store cost in a batch, by process, in milliseconds (its batch's CPU divided by
   * its stores): the control plane (NaN for a floor, which has none) and, of it, its JIT compilers
   * ({@link ServerCpu#compilerNanos}: a control plane still compiling its hot code is not yet
   * warm), the PostgreSQL server (every backend, those that ended in the batch included, and the
   * postmaster) and, of it, the master database's backends that lived through the batch (the
   * control plane's pool; NaN for a floor) and the backends that ended in it, for their time inside
   * it (the stores' own sessions, and any master connection the pool closed), the MariaDB server,
   * and this bench (its clients); and how busy the whole machine was, in per cent of both cores. A
   * refill running during a batch is in it: its cost is part of what an onboarding costs.
   */
  private record StoreCpu(
      double controlPlaneMs,
      double compilerMs,
      double postgresMs,
      double masterMs,
      double endedMs,
      double mysqlMs,
      double benchMs,
      double busyPercent) {

    /** The columns of {@link #cells}, after {@code leading} ones. */
    static String[] columns(String... leading) {
      return Stream.concat(
              Stream.of(leading),
              Stream.of(
                  "control plane ms/store",
                  "of it JIT compilers",
                  "PostgreSQL ms/store",
                  "of it master backends",
                  "of it ended backends",
                  "MariaDB ms/store",
                  "bench ms/store",
                  "total ms/store",
                  "machine busy %"))
          .toArray(String[]::new);
    }

    /** A table row: {@code leading} cells, then this store's CPU ({@link #columns}). */
    Object[] cells(Object... leading) {
      return Stream.concat(
              Stream.of(leading),
              Stream.of(
                  controlPlaneMs,
                  compilerMs,
                  postgresMs,
                  masterMs,
                  endedMs,
                  mysqlMs,
                  benchMs,
                  totalMs(),
                  busyPercent))
          .toArray();
    }

    double totalMs() {
      return (Double.isNaN(controlPlaneMs) ? 0 : controlPlaneMs) + postgresMs + mysqlMs + benchMs;
    }
  }

  /** What a batch returned, and the CPU one of its stores cost. */
  private record Measured<T>(T value, StoreCpu cpu) {}

  private static final Duration TEMPLATE_TIMEOUT = Duration.ofMinutes(3);

  /** How long a warm pool may take to fill (MariaDB's entries are migrated one at a time). */
  private static final Duration POOL_TIMEOUT = Duration.ofMinutes(5);

  /** Stores in a burst (all POSTed at once) while the warm pool lasts. */
  private static final int BURST = 50;

  /**
   * A burst of {@link #BURST} onboardings from a full warm pool, and the refill after it.
   *
   * @param engine the engine's label
   * @param batch the burst
   * @param claimed stores that claimed a pool database
   * @param seededPrimed of them, those seeded over a connection opened before the claim
   * @param refillSeconds from the burst's end until the pool was full again
   * @param cpu what one of its stores cost in CPU, while it ran
   */
  private record Burst(
      String engine,
      ClosedLoop.Batch batch,
      int claimed,
      int seededPrimed,
      double refillSeconds,
      StoreCpu cpu) {}

  private final int stores;
  private final int warmUp;
  private final List<Integer> levels;
  private final Duration pollInterval;
  private final Path app;
  private final int workers;
  private final int masterPool;
  private final String run =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final String benchPrefix = "spbench_onb_" + run + "_";
  private final String slugPrefix = "spbench-" + run + "-";
  private final AtomicInteger sequence = new AtomicInteger();
  private final BenchServers.Server postgres = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
  private final BenchServers.Server mysql = BenchServers.Server.of(DatabaseEngine.MYSQL);
  private final Settling settling = new Settling(postgres);

  /** How many times the clean-up drops what it finds, at most. */
  private static final int CLEAN_UP_PASSES = 5;

  private final Map<Integer, Map<OnboardingPath, Result>> results = new LinkedHashMap<>();
  private final List<Burst> bursts = new ArrayList<>();
  private final List<String> paths;
  private final int poolSize;
  private final int primed;
  private volatile ControlPlaneProcess controlPlane;
  private volatile OnboardingFloor floor;

  OnboardingScenario(BenchOptions options) {
    this.stores = options.positiveInteger("stores", 20);
    this.warmUp = options.integer("warmup", 5);
    this.levels = options.positiveIntegers("concurrency", "1,4,16");
    // 0: follow each job's event stream (the bus pushes its end); else poll its status
    int pollMs = options.integer("poll-ms", 0);
    if (pollMs < 0) {
      throw new IllegalArgumentException(
          "--poll-ms takes 0 (follow events) or more, not " + pollMs);
    }
    this.pollInterval = Duration.ofMillis(pollMs);
    this.app = ControlPlaneProcess.packagedApp(options);
    this.workers = options.positiveInteger("workers", Collections.max(levels));
    // each running job may hold one master connection for its store's schema lock beside the
    // engine's own writes: two per worker keeps a full set of workers from waiting on the pool
    this.masterPool = options.positiveInteger("master-pool", Math.max(20, 2 * workers));
    this.paths = List.of(options.text("paths", "floor,template,flyway,pool").split(","));
    this.poolSize = options.positiveInteger("pool", Math.max(BURST, stores));
    // every entry a burst claims primed: each claim finds its backend started and rehearsed; not
    // more by default, for each is a session on the server (PostgreSQL's max_connections is 100
    // by default, and the master pool takes up to --master-pool)
    this.primed = options.integer("primed", Math.min(poolSize, BURST));
    if (primed < 0) {
      throw new IllegalArgumentException("--primed takes 0 (none) or more, not " + primed);
    }
  }

  void run() throws Exception {
    System.out.printf(
        "run %s: bench databases %s*, store databases and logins sp_%s*%n",
        run, benchPrefix, slugPrefix.replace('-', '_'));
    System.out.println("PostgreSQL: " + postgres.describe());
    System.out.println("MariaDB/MySQL: " + mysql.describe());
    System.out.printf(
        "control plane: %s, %d worker threads, master pool %d, warm pool %d per server (%d of"
            + " them primed), %s; %d stores per route and concurrency after %d warm-up stores per"
            + " route%n%n",
        app,
        workers,
        masterPool,
        poolSize,
        Math.min(primed, poolSize),
        pollInterval.isZero()
            ? "each job followed on its event stream"
            : "status polled every " + pollInterval.toMillis() + " ms",
        stores,
        warmUp);
    OnboardingLeftovers leftovers =
        new OnboardingLeftovers(postgres, mysql, benchPrefix, slugPrefix);
    Thread cleanup = new Thread(() -> cleanUp(leftovers), "spbench-onboarding-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      if (paths.contains("floor")) {
        measureFloors();
      }
      if (paths.contains("template")) {
        withControlPlane(1, true, Map.of(), (api, client) -> measureTemplatePath(api));
      }
      if (paths.contains("flyway")) {
        withControlPlane(2, false, Map.of(), (api, client) -> measureFlywayPaths(api));
      }
      if (paths.contains("pool")) {
        withControlPlane(
            3,
            true,
            Map.of(
                "STOREPLANE_PROVISIONING_WARM_POOL_SIZE",
                String.valueOf(poolSize),
                "STOREPLANE_PROVISIONING_WARM_POOL_REFILL_INTERVAL",
                "1s",
                "STOREPLANE_PROVISIONING_WARM_POOL_PRIMED_CONNECTIONS",
                String.valueOf(primed)),
            this::measurePoolPaths);
      }
    } finally {
      cleanUp(leftovers);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (Ctrl-C, SIGTERM): the hook cleans up as well
      }
    }
    print();
    List<String> left = leftovers.remaining();
    System.out.println(
        left.isEmpty()
            ? "Leftovers after the run: none (pg_database, pg_roles, MariaDB schemata and users)."
            : "LEFTOVERS after the run: " + left);
  }

  private void measureFloors() throws Exception {
    OnboardingFloor floor = new OnboardingFloor(postgres, mysql, benchPrefix);
    this.floor = floor;
    floor.prepare();
    floor.postgres(1, warmUp);
    floor.mysql(1, warmUp);
    for (int level : levels) {
      record(
          level,
          OnboardingPath.PG_FLOOR,
          settled(() -> Result.floor(withCpu(stores, () -> floor.postgres(level, stores)))));
      record(
          level,
          OnboardingPath.MYSQL_FLOOR,
          settled(() -> Result.floor(withCpu(stores, () -> floor.mysql(level, stores)))));
    }
  }

  private void measureTemplatePath(ApiOnboarding api) throws Exception {
    awaitTemplate();
    warmUp(api, OnboardingPath.PG_TEMPLATE);
    for (int level : levels) {
      record(
          level,
          OnboardingPath.PG_TEMPLATE,
          settled(() -> viaApi(api, OnboardingPath.PG_TEMPLATE, level, stores)));
    }
  }

  private void measureFlywayPaths(ApiOnboarding api) throws Exception {
    warmUp(api, OnboardingPath.PG_FLYWAY);
    warmUp(api, OnboardingPath.MYSQL_FLYWAY);
    for (int level : levels) {
      record(
          level,
          OnboardingPath.PG_FLYWAY,
          settled(() -> viaApi(api, OnboardingPath.PG_FLYWAY, level, stores)));
      record(
          level,
          OnboardingPath.MYSQL_FLYWAY,
          settled(() -> viaApi(api, OnboardingPath.MYSQL_FLYWAY, level, stores)));
    }
  }

  /**
   * The warm-pool path: before each batch the bench waits until both servers' pools are full (every
   * store of the batch can claim one; a warm-up larger than the pool runs in batches of the pool's
   * size, cycling through the measured concurrencies and then the burst's, so that no measured
   * batch, the burst included, is the first to run at its concurrency), then a burst of {@value
   * #BURST} per engine from a full pool, and how long the refill takes to fill it again.
   */
  private void measurePoolPaths(ApiOnboarding api, ControlPlaneClient client) throws Exception {
    awaitTemplate();
    // warm-up in batches a full pool can serve, the pools refilled between them, at every measured
    // concurrency and the burst's: a burst after a warm-up that never ran 50 at once was slower
    // (docs/benchmarks.md, "Figures: a warm-up at every level the run measures"; which warm state
    // it lacked, master connections, request threads or compiled code, is not known)
    List<Integer> warmLevels = new ArrayList<>(levels);
    if (!warmLevels.contains(BURST)) {
      warmLevels.add(BURST);
    }
    inWarmUpBatches(
        warmLevels,
        (clients, count) -> {
          awaitPools(client);
          viaApi(api, OnboardingPath.PG_POOL, clients, count);
          viaApi(api, OnboardingPath.MYSQL_POOL, clients, count);
        });
    for (int level : levels) {
      for (OnboardingPath route : List.of(OnboardingPath.PG_POOL, OnboardingPath.MYSQL_POOL)) {
        awaitPools(client);
        record(level, route, settled(() -> viaApi(api, route, level, stores)));
      }
    }
    for (OnboardingPath route : List.of(OnboardingPath.PG_POOL, OnboardingPath.MYSQL_POOL)) {
      awaitPools(client);
      List<ApiOnboarding.Onboarded> onboarded = new ArrayList<>();
      Result burst = settled(() -> viaApi(api, route, BURST, BURST, onboarded));
      // the refill is timed from the burst's end, before its stores are purged: purging first
      // gave the refill the purge's time (about as long as the refill on PostgreSQL)
      long start = System.nanoTime();
      awaitPools(client);
      double refill = (System.nanoTime() - start) / 1e9;
      for (ApiOnboarding.Onboarded store : onboarded) {
        api.purge(store);
      }
      bursts.add(
          new Burst(
              route.engine,
              burst.batch(),
              burst.claimed(),
              burst.seededPrimed(),
              refill,
              burst.cpu()));
    }
  }

  /**
   * The warm-up of a path that makes a database per store, in batches of {@code --pool} stores,
   * each purged before the next (a server takes only so many stores at once, 500 by default, and a
   * warm-up of 600 in one batch filled it), cycling through the measured concurrencies as on the
   * pool path, so that no measured batch is the first to run at its concurrency (after a warm-up at
   * concurrency 1 alone, the template path's JIT compilers took 27–30 ms of its 63–69.5 ms of
   * control-plane CPU a store at concurrency 4).
   */
  private void warmUp(ApiOnboarding api, OnboardingPath route) throws Exception {
    inWarmUpBatches(levels, (clients, count) -> viaApi(api, route, clients, count));
  }

  /** One warm-up batch: {@code count} stores by {@code clients} clients at once. */
  @FunctionalInterface
  private interface WarmUpBatch {
    void run(int clients, int count) throws Exception;
  }

  /**
   * {@code --warmup} stores in batches of {@code --pool}, the n-th batch at the n-th of {@code
   * concurrencies} (cycling; never more clients than the batch has stores).
   */
  private void inWarmUpBatches(List<Integer> concurrencies, WarmUpBatch batch) throws Exception {
    for (int warmed = 0, n = 0; warmed < warmUp; warmed += poolSize, n++) {
      int count = Math.min(poolSize, warmUp - warmed);
      batch.run(Math.min(count, concurrencies.get(n % concurrencies.size())), count);
    }
  }

  /** A measured batch, begun on a settled machine ({@link Settling}). */
  private Result settled(Callable<Result> batch) throws Exception {
    settling.settle();
    return batch.call();
  }

  /** Waits until every active server's warm pool is at its target. */
  private void awaitPools(ControlPlaneClient client) throws Exception {
    long giveUp = System.nanoTime() + POOL_TIMEOUT.toNanos();
    while (System.nanoTime() < giveUp) {
      boolean full = true;
      for (var server : client.get("/api/v1/database-servers")) {
        JsonNode pool = server.path("pool");
        if (server.path("status").asText().equals("active")
            && pool.path("ready").asLong() < pool.path("target").asLong()) {
          full = false;
        }
      }
      if (full) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("The warm pools did not fill within " + POOL_TIMEOUT);
  }

  private interface Measurement {
    void run(ApiOnboarding api, ControlPlaneClient client) throws Exception;
  }

  /** Runs {@code measurement} against a control plane of its own, stopped afterwards. */
  private void withControlPlane(
      int number, boolean templates, Map<String, String> environment, Measurement measurement)
      throws Exception {
    String master = benchPrefix + "master" + number;
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + master);
    }
    ControlPlaneProcess started =
        ControlPlaneProcess.launch(
            new ControlPlaneProcess.Settings(
                app, postgres, mysql, master, templates, workers, masterPool, environment));
    controlPlane = started;
    try {
      started.awaitReady();
      System.out.printf(
          "control plane %d (templates %s): pid %d%n",
          number, templates ? "on" : "off", started.pid());
      measurement.run(new ApiOnboarding(started.api(), pollInterval), started.api());
    } finally {
      stopControlPlane();
    }
  }

  /**
   * {@code count} stores onboarded through the API by {@code clients} clients at once, each checked
   * to have taken the route's path, then purged through the API.
   */
  private Result viaApi(ApiOnboarding api, OnboardingPath route, int clients, int count)
      throws Exception {
    return viaApi(api, route, clients, count, null);
  }

  /**
   * As above, or a burst when {@code burst} is given: it may run out of pool databases part-way,
   * and its stores are added to {@code burst}, for the caller to purge, instead of purged here.
   */
  private Result viaApi(
      ApiOnboarding api,
      OnboardingPath route,
      int clients,
      int count,
      List<ApiOnboarding.Onboarded> burst)
      throws Exception {
    boolean wholePath = burst == null;
    List<String> slugs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slugs.add("%s%05d".formatted(slugPrefix, sequence.incrementAndGet()));
    }
    ApiOnboarding.Onboarded[] done = new ApiOnboarding.Onboarded[count];
    Measured<ClosedLoop.Batch> measured =
        withCpu(
            count,
            () ->
                ClosedLoop.run(
                    clients,
                    count,
                    () -> item -> done[item] = api.onboard(slugs.get(item), route.databaseType)));
    ClosedLoop.Batch batch = measured.value();
    Latencies jobs = new Latencies();
    Map<String, Latencies> steps = new LinkedHashMap<>();
    int cloned = 0;
    int claimed = 0;
    int seededPrimed = 0;
    int retried = 0;
    for (ApiOnboarding.Onboarded store : done) {
      jobs.record(store.job().toNanos());
      store
          .steps()
          .forEach(
              (step, time) ->
                  steps.computeIfAbsent(step, s -> new Latencies()).record(time.toNanos()));
      cloned += store.cloned() ? 1 : 0;
      claimed += store.claimed() ? 1 : 0;
      seededPrimed += store.primed() ? 1 : 0;
      retried += store.attempts() > 1 ? 1 : 0;
      if (burst == null) {
        api.purge(store);
      } else {
        burst.add(store);
      }
    }
    boolean wantClone = route == OnboardingPath.PG_TEMPLATE;
    boolean wantClaim = route == OnboardingPath.PG_POOL || route == OnboardingPath.MYSQL_POOL;
    int onPath = wantClaim ? claimed : wantClone ? cloned : count - cloned - claimed;
    String checked =
        "%s %d/%d%s%s"
            .formatted(
                wantClaim ? "claimed" : wantClone ? "cloned" : "Flyway",
                onPath,
                count,
                wantClaim ? ", %d seeded primed".formatted(seededPrimed) : "",
                retried == 0 ? "" : ", %d retried".formatted(retried));
    steps.replaceAll((step, times) -> Latencies.merge(List.of(times)));
    return new Result(
        batch,
        Latencies.merge(List.of(jobs)),
        steps,
        checked,
        !wholePath || onPath == count,
        claimed,
        seededPrimed,
        measured.cpu());
  }

  /**
   * Runs {@code work}, a batch of {@code stores} stores, and counts the CPU time each process spent
   * meanwhile ({@link StoreCpu}), per store. The counters are read over connections opened before
   * the batch and closed after it.
   */
  private <T> Measured<T> withCpu(int stores, Callable<T> work) throws Exception {
    ControlPlaneProcess app = controlPlane;
    long bench = ProcessHandle.current().pid();
    try (Connection pg = postgres.admin();
        Connection my = mysql.admin()) {
      // the whole servers are counted, and of PostgreSQL the master's backends and those that
      // ended apart; a floor has no control plane, so no master: its figure reads "-"
      DatabaseServerCpu servers =
          DatabaseServerCpu.find(pg, my, app == null ? "postgres" : app.masterDatabase());
      DatabaseServerCpu.Sample databases = servers.sample(pg);
      long appBefore = app == null ? -1 : ServerCpu.cpuNanos(app.pid());
      double compiledBefore = app == null ? Double.NaN : ServerCpu.compilerNanos(app.pid());
      long benchBefore = ServerCpu.cpuNanos(bench);
      MachineCpu.Sample machine = MachineCpu.sample();
      T value = work.call();
      double busy = MachineCpu.sample().busyPercentSince(machine);
      double benchMs = (ServerCpu.cpuNanos(bench) - benchBefore) / 1e6 / stores;
      double appMs =
          app == null ? Double.NaN : (ServerCpu.cpuNanos(app.pid()) - appBefore) / 1e6 / stores;
      double compilerMs =
          app == null
              ? Double.NaN
              : (ServerCpu.compilerNanos(app.pid()) - compiledBefore) / 1e6 / stores;
      DatabaseServerCpu.Window window = servers.sample(pg).since(databases);
      return new Measured<>(
          value,
          new StoreCpu(
              appMs,
              compilerMs,
              window.postgresSeconds() * 1000 / stores,
              app == null ? Double.NaN : window.databaseSeconds() * 1000 / stores,
              window.endedSeconds() * 1000 / stores,
              window.mysqlSeconds() * 1000 / stores,
              benchMs,
              busy));
    }
  }

  /** Waits until the control plane has built (or found) the template of the current version. */
  private void awaitTemplate() throws Exception {
    String template = DatabaseNames.template(ClientSchema.currentVersion());
    long start = System.nanoTime();
    try (Connection admin = postgres.admin();
        PreparedStatement ready =
            admin.prepareStatement(
                "SELECT 1 FROM pg_database WHERE datname = ? AND datistemplate")) {
      ready.setString(1, template);
      while (System.nanoTime() - start < TEMPLATE_TIMEOUT.toNanos()) {
        try (ResultSet rows = ready.executeQuery()) {
          if (rows.next()) {
            System.out.printf(
                "template %s ready after %.1f s%n", template, (System.nanoTime() - start) / 1e9);
            return;
          }
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(
        "The control plane did not build the template %s within %s"
            .formatted(template, TEMPLATE_TIMEOUT));
  }

  private void record(int level, OnboardingPath route, Result result) {
    results.computeIfAbsent(level, l -> new EnumMap<>(OnboardingPath.class)).put(route, result);
  }

  private void print() {
    System.out.println();
    Table ratios =
        new Table(
            "concurrency",
            "template / floor (p50)",
            "flyway / floor (p50)",
            "template within 2x",
            "MariaDB flyway / floor (p50)",
            "warm pool / floor (p50)",
            "MariaDB warm pool p50 ms");
    results.forEach(
        (level, byRoute) -> {
          double viaTemplate = ratio(byRoute, OnboardingPath.PG_TEMPLATE, OnboardingPath.PG_FLOOR);
          ratios.row(
              level,
              viaTemplate,
              ratio(byRoute, OnboardingPath.PG_FLYWAY, OnboardingPath.PG_FLOOR),
              Double.isNaN(viaTemplate) ? "-" : viaTemplate <= 2 ? "yes" : "no",
              ratio(byRoute, OnboardingPath.MYSQL_FLYWAY, OnboardingPath.MYSQL_FLOOR),
              ratio(byRoute, OnboardingPath.PG_POOL, OnboardingPath.PG_FLOOR),
              byRoute.containsKey(OnboardingPath.MYSQL_POOL)
                  ? byRoute.get(OnboardingPath.MYSQL_POOL).batch().p50Millis()
                  : Double.NaN);
        });
    ratios.print();
    Table table =
        new Table(
            "concurrency",
            "engine",
            "path",
            "stores",
            "p50 ms",
            "p99 ms",
            "max ms",
            "stores/s",
            "checked");
    List<String> offPath = new ArrayList<>();
    results.forEach(
        (level, byRoute) ->
            byRoute.forEach(
                (route, result) -> {
                  ClosedLoop.Batch batch = result.batch();
                  table.row(
                      level,
                      route.engine,
                      route.label,
                      batch.latencies().count(),
                      batch.p50Millis(),
                      batch.p99Millis(),
                      batch.maxMillis(),
                      batch.itemsPerSecond(),
                      result.checked());
                  if (!result.pathOk()) {
                    offPath.add(route.label + " at concurrency " + level + ": " + result.checked());
                  }
                }));
    table.print();
    printSteps();
    printCpu();
    if (!bursts.isEmpty()) {
      Table burstTable =
          new Table(
              StoreCpu.columns(
                  "engine",
                  "burst",
                  "claimed",
                  "seeded primed",
                  "all active after s",
                  "stores/s",
                  "p50 ms",
                  "max ms",
                  "refill s",
                  "refilled/s"));
      for (Burst burst : bursts) {
        burstTable.row(
            burst
                .cpu()
                .cells(
                    burst.engine(),
                    BURST,
                    burst.claimed(),
                    burst.seededPrimed(),
                    burst.batch().seconds(),
                    burst.batch().itemsPerSecond(),
                    burst.batch().p50Millis(),
                    burst.batch().maxMillis(),
                    burst.refillSeconds(),
                    BURST / burst.refillSeconds()));
      }
      burstTable.print();
    }
    String settled = settling.summary();
    if (!settled.isEmpty()) {
      System.out.println();
      System.out.println(settled);
    }
    offPath.forEach(
        line ->
            System.out.println(
                "WARNING: not every store took its path (" + line + "); see docs/benchmarks.md"));
  }

  /** Where the jobs' time goes: p50 per step, per API route and concurrency. */
  private void printSteps() {
    List<String> stepNames = new ArrayList<>();
    results.values().stream()
        .flatMap(byRoute -> byRoute.values().stream())
        .flatMap(result -> result.steps().keySet().stream())
        .distinct()
        .forEach(stepNames::add);
    List<String> header = new ArrayList<>(List.of("concurrency", "path"));
    stepNames.forEach(step -> header.add(step + " p50 ms"));
    header.add("job p50 ms");
    header.add("POST to succeeded p50 ms");
    Table table = new Table(header.toArray(String[]::new));
    results.forEach(
        (level, byRoute) ->
            byRoute.forEach(
                (route, result) -> {
                  if (result.steps().isEmpty()) {
                    return;
                  }
                  List<Object> row =
                      new ArrayList<>(List.of(level, route.engine + " " + route.label));
                  for (String step : stepNames) {
                    Latencies times = result.steps().get(step);
                    row.add(times == null ? Double.NaN : times.percentileMicros(50) / 1000);
                  }
                  row.add(result.jobs().percentileMicros(50) / 1000);
                  row.add(result.batch().p50Millis());
                  table.row(row.toArray());
                }));
    table.print();
  }

  /**
   * What one store cost in CPU, per process, per path and concurrency: on 2 cores, a batch bound by
   * CPU onboards at most 2,000 / (total ms) stores a second.
   */
  private void printCpu() {
    Table table = new Table(StoreCpu.columns("concurrency", "path"));
    results.forEach(
        (level, byRoute) ->
            byRoute.forEach(
                (route, result) ->
                    table.row(result.cpu().cells(level, route.engine + " " + route.label))));
    table.print();
  }

  private static double ratio(
      Map<OnboardingPath, Result> byRoute, OnboardingPath route, OnboardingPath floor) {
    Result measured = byRoute.get(route);
    Result base = byRoute.get(floor);
    return measured == null || base == null
        ? Double.NaN
        : measured.batch().p50Millis() / base.batch().p50Millis();
  }

  /** Stops the control plane, if one runs, then drops what the run left on the servers. */
  /**
   * Stops making databases (the floor; the control plane), then drops what the run left. A database
   * whose creation was in flight when the work stopped appears after a pass, so passes repeat until
   * none is left (at most {@value #CLEAN_UP_PASSES}): a shutdown hook that read the names once,
   * while the floor kept cloning, left a few hundred behind.
   */
  private void cleanUp(OnboardingLeftovers leftovers) {
    OnboardingFloor making = floor;
    if (making != null) {
      making.stop();
    }
    stopControlPlane();
    for (int pass = 0; pass < CLEAN_UP_PASSES; pass++) {
      leftovers.dropAll();
      try {
        if (leftovers.remaining().isEmpty()) {
          return;
        }
      } catch (SQLException e) {
        System.err.println("Could not read what the run left: " + e.getMessage());
        return;
      }
    }
  }

  private synchronized void stopControlPlane() {
    ControlPlaneProcess running = controlPlane;
    controlPlane = null;
    if (running != null) {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("Could not stop the control plane: " + e.getMessage());
      }
    }
  }
}
