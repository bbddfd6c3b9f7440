package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.master.server.DatabaseEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * What metering and the request log cost a store app: the store data API's throughput and latency
 * ({@code GET /api/v1/stores/{id}/data/products?limit=10} with the store's own token, T closed-loop
 * clients on loopback) with both on, against both off ({@code STOREPLANE_METERING_ENABLED}, {@code
 * STOREPLANE_REQUEST_LOG_ENABLED}), in alternating rounds of one run (off, on, off, on, …) on the
 * same master database and the same store, so drift of the machine falls on both sides. Each round
 * runs the packaged control plane ({@code --app}) as a child process of its own. The store is on
 * the {@code enterprise} plan (no API quota), so no call is refused. After the run it prints what
 * the "on" rounds wrote: the store's {@code usage_metrics.api_calls} and its rows in {@code
 * api_usage_logs}, as a check that metering really ran.
 *
 * <p>Throughput on a small shared machine moves by more between rounds of the same mode than the
 * few per cent metering may cost, so each round also counts the server CPU its measured window took
 * ({@link ServerCpu}: the control plane's process and the PostgreSQL backends of the master and the
 * store database) and divides it by the calls answered. With the CPU the limit, as it is when the
 * clients keep every core busy, throughput falls by the share CPU per call rises.
 *
 * <p>With {@code --pairing=side-by-side} each round instead runs an "off" and an "on" control plane
 * at once, on the same master and store, half the clients calling each, and compares the two within
 * the round: whatever else the machine does during a round (a checkpoint, the JIT, another process)
 * falls on both alike, so the ratio of their throughputs moves far less between rounds than either
 * does. The planes compete for the same cores, so the one that spends more per call answers fewer.
 * Rounds swap which of the two launches is "on", so an edge of one launch over the other cancels
 * out.
 */
final class MeteringScenario {

  private record Round(
      String mode,
      long calls,
      long failures,
      double seconds,
      Latencies latencies,
      ServerCpu.Window cpu) {

    double perSecond() {
      return calls / seconds;
    }

    /** Server CPU (control plane and its PostgreSQL backends) per answered call, in µs. */
    double cpuMicrosPerCall() {
      return cpu.totalNanos() / 1e3 / calls;
    }
  }

  /**
   * A warm-up window; how little its throughput must move from the last to count steady; and the
   * fewest windows (3 minutes: a pair once held still for 20 s at half its warm throughput).
   */
  private static final Duration WARM_WINDOW = Duration.ofSeconds(10);

  private static final double STEADY = 0.03;
  private static final int MIN_WARM_WINDOWS = 18;

  private final int threads;
  private final Duration warmUp;
  private final Duration measure;
  private final int rounds;
  private final int windows;
  private final boolean sideBySide;
  private final Path app;
  private final String run =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final String benchPrefix = "spbench_meter_" + run + "_";
  private final String slugPrefix = "spbench-" + run + "-";
  private final BenchServers.Server postgres = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
  private final BenchServers.Server mysql = BenchServers.Server.of(DatabaseEngine.MYSQL);
  private final List<Round> results = new ArrayList<>();
  private final String key = Base64.getEncoder().encodeToString(randomBytes(32));

  MeteringScenario(BenchOptions options) {
    this.threads = options.positiveInteger("threads", 8);
    this.warmUp = Duration.ofSeconds(options.integer("warmup", 5));
    this.measure = Duration.ofSeconds(options.positiveInteger("seconds", 15));
    this.rounds = options.positiveInteger("rounds", 2);
    this.windows = options.positiveInteger("windows", 3);
    this.sideBySide =
        switch (options.text("pairing", "alternate")) {
          case "alternate" -> false;
          case "side-by-side" -> true;
          default ->
              throw new IllegalArgumentException(
                  "--pairing takes alternate or side-by-side, not " + options.text("pairing", ""));
        };
    if (sideBySide && threads % 2 != 0) {
      throw new IllegalArgumentException(
          "--pairing=side-by-side splits the clients between two control planes: --threads takes"
              + " an even number, not "
              + threads);
    }
    this.app = ControlPlaneProcess.packagedApp(options);
  }

  void run() throws Exception {
    String master = benchPrefix + "master";
    System.out.printf("run %s: master database %s, store %s*%n", run, master, slugPrefix);
    System.out.println("PostgreSQL: " + postgres.describe());
    System.out.printf(
        "control plane: %s; %d clients, %d s warm-up and %d s measured per round; %d rounds of"
            + " off/on, %s%n%n",
        app.toAbsolutePath(),
        threads,
        warmUp.toSeconds(),
        measure.toSeconds(),
        rounds,
        sideBySide ? "side by side (half the clients on each)" : "alternating");
    OnboardingLeftovers leftovers =
        new OnboardingLeftovers(postgres, mysql, benchPrefix, slugPrefix);
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + master);
    }
    try {
      String[] store = onboard(master);
      List<String> databases = List.of(master, storeDatabase(master, store[0]));
      if (sideBySide) {
        for (int round = 0; round < rounds; round++) {
          measureSideBySide(master, store, round % 2 == 1);
        }
        printSideBySide();
      } else {
        for (int round = 0; round < rounds; round++) {
          results.add(measure(master, store, databases, false));
          results.add(measure(master, store, databases, true));
        }
        print();
      }
      printWritten(master, store[0]);
    } finally {
      leftovers.dropAll();
    }
    List<String> left = leftovers.remaining();
    System.out.println(
        left.isEmpty() ? "Leftovers after the run: none." : "LEFTOVERS after the run: " + left);
  }

  /** A managed PostgreSQL store on the enterprise plan with ten products; its id and token. */
  private String[] onboard(String master) throws Exception {
    try (ControlPlaneProcess plane = launch(master, false)) {
      plane.awaitReady();
      ControlPlaneClient api = plane.api();
      ApiOnboarding onboarding = new ApiOnboarding(api, Duration.ofMillis(50));
      String storeId =
          onboarding.onboard(slugPrefix + "store", "managed-postgresql", "enterprise").storeId();
      JsonNode token =
          api.post("/api/v1/tokens", Map.of("storeId", storeId, "name", "bench store app"), 201);
      for (int i = 0; i < 10; i++) {
        api.post(
            "/api/v1/stores/" + storeId + "/data/products",
            Map.of("title", "Bench product " + i, "slug", "bench-product-" + i),
            201);
      }
      return new String[] {storeId, token.path("token").asText()};
    }
  }

  private ControlPlaneProcess launch(String master, boolean metering) throws Exception {
    return ControlPlaneProcess.launch(
        new ControlPlaneProcess.Settings(
            app,
            postgres,
            mysql,
            master,
            false,
            1,
            10,
            Map.of(
                // One key for every round: each one reads the store's login the first sealed.
                "STOREPLANE_CRYPTO_KEYS_BENCH", key,
                "STOREPLANE_METERING_ENABLED", String.valueOf(metering),
                "STOREPLANE_REQUEST_LOG_ENABLED", String.valueOf(metering))));
  }

  private String storeDatabase(String master, String storeId) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                postgres.url(master), postgres.user(), postgres.password());
        PreparedStatement statement =
            connection.prepareStatement("SELECT database_name FROM stores WHERE id = ?")) {
      statement.setObject(1, UUID.fromString(storeId));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  private Round measure(String master, String[] store, List<String> databases, boolean metering)
      throws Exception {
    try (ControlPlaneProcess plane = launch(master, metering);
        Connection admin = postgres.admin()) {
      plane.awaitReady();
      ServerCpu cpu = new ServerCpu(plane.pid(), databases);
      long measureFrom = System.nanoTime() + warmUp.toNanos();
      long end = measureFrom + measure.toNanos();
      Clients clients = new Clients(productsRequest(plane, store), threads, measureFrom, end);
      sleepUntil(measureFrom);
      ServerCpu.Sample before = cpu.sample(admin);
      sleepUntil(end);
      ServerCpu.Sample after = cpu.sample(admin);
      Round round = clients.finish(metering ? "on" : "off", after.since(before));
      System.out.printf(
          "round %s: %.0f requests/s, p99 %.2f ms, %d failed; server CPU %.0f µs per request"
              + " (control plane %.0f, PostgreSQL backends %.0f)%n",
          round.mode(),
          round.perSecond(),
          round.latencies().percentileMicros(99) / 1000,
          round.failures(),
          round.cpuMicrosPerCall(),
          round.cpu().appNanos() / 1e3 / round.calls(),
          round.cpu().backendNanos() / 1e3 / round.calls());
      clients.printFirstFailure();
      return round;
    }
  }

  /**
   * One side-by-side round: an "off" and an "on" control plane launched together ({@code onFirst}
   * says which launch is "on"), warmed up together, then measured in {@code --windows} consecutive
   * windows with half the clients on each; each window adds an (off, on) pair to the results. The
   * CPU counted is each control plane's process only: both planes' PostgreSQL backends share the
   * master and the store's databases.
   */
  private void measureSideBySide(String master, String[] store, boolean onFirst) throws Exception {
    try (ControlPlaneProcess first = launch(master, onFirst);
        ControlPlaneProcess second = launch(master, !onFirst);
        Connection admin = postgres.admin()) {
      first.awaitReady();
      second.awaitReady();
      HttpRequest firstRequest = productsRequest(first, store);
      HttpRequest secondRequest = productsRequest(second, store);
      warmUntilSteady(firstRequest, secondRequest);
      ServerCpu firstCpu = new ServerCpu(first.pid(), List.of());
      ServerCpu secondCpu = new ServerCpu(second.pid(), List.of());
      for (int window = 0; window < windows; window++) {
        long from = System.nanoTime();
        long end = from + measure.toNanos();
        ServerCpu.Sample firstBefore = firstCpu.sample(admin);
        ServerCpu.Sample secondBefore = secondCpu.sample(admin);
        Clients firstClients = new Clients(firstRequest, threads / 2, from, end);
        Clients secondClients = new Clients(secondRequest, threads / 2, from, end);
        sleepUntil(end);
        ServerCpu.Sample firstAfter = firstCpu.sample(admin);
        ServerCpu.Sample secondAfter = secondCpu.sample(admin);
        Round firstRound =
            firstClients.finish(onFirst ? "on" : "off", firstAfter.since(firstBefore));
        Round secondRound =
            secondClients.finish(onFirst ? "off" : "on", secondAfter.since(secondBefore));
        Round on = onFirst ? firstRound : secondRound;
        Round off = onFirst ? secondRound : firstRound;
        System.out.printf(
            "window %d (%s launched first): off %.0f, on %.0f requests/s (%+.1f %%); control"
                + " plane CPU off %.0f, on %.0f µs per request (%+.1f %%); p99 off %.2f, on %.2f"
                + " ms; %d failed%n",
            window + 1,
            onFirst ? "on" : "off",
            off.perSecond(),
            on.perSecond(),
            (on.perSecond() / off.perSecond() - 1) * 100,
            off.cpuMicrosPerCall(),
            on.cpuMicrosPerCall(),
            (on.cpuMicrosPerCall() / off.cpuMicrosPerCall() - 1) * 100,
            off.latencies().percentileMicros(99) / 1000,
            on.latencies().percentileMicros(99) / 1000,
            off.failures() + on.failures());
        firstClients.printFirstFailure();
        secondClients.printFirstFailure();
        results.add(off);
        results.add(on);
      }
    }
  }

  /**
   * Loads both planes in 10 s windows until each one's throughput moved by less than {@link
   * #STEADY} from its previous window (at least {@link #MIN_WARM_WINDOWS} windows), or until {@code
   * --warmup} seconds have passed: two JVMs sharing the cores keep compiling hot code for minutes.
   */
  private void warmUntilSteady(HttpRequest first, HttpRequest second) throws InterruptedException {
    long giveUp = System.nanoTime() + warmUp.toNanos();
    double[] last = null;
    for (int window = 1; ; window++) {
      long from = System.nanoTime();
      long end = from + WARM_WINDOW.toNanos();
      Clients firstClients = new Clients(first, threads / 2, from, end);
      Clients secondClients = new Clients(second, threads / 2, from, end);
      double[] now = {firstClients.callsPerSecond(), secondClients.callsPerSecond()};
      boolean steady =
          last != null
              && Math.abs(now[0] / last[0] - 1) < STEADY
              && Math.abs(now[1] / last[1] - 1) < STEADY;
      System.out.printf(
          "warm-up window %d: %.0f and %.0f requests/s%s%n",
          window, now[0], now[1], steady ? " (steady)" : "");
      if ((steady && window >= MIN_WARM_WINDOWS) || System.nanoTime() >= giveUp) {
        return;
      }
      last = now;
    }
  }

  private static HttpRequest productsRequest(ControlPlaneProcess plane, String[] store) {
    return HttpRequest.newBuilder(
            plane.api().uri("/api/v1/stores/" + store[0] + "/data/products?limit=10"))
        .header("Authorization", "Bearer " + store[1])
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build();
  }

  /**
   * Closed-loop clients, each with its own HTTP connection, calling one request from now until
   * {@code end}; only calls that both started and ended in {@code [measureFrom, end]} count.
   */
  private static final class Clients {

    private final long measureFrom;
    private final long end;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final List<Latencies> parts = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Clients(HttpRequest request, int count, long measureFrom, long end) {
      this.measureFrom = measureFrom;
      this.end = end;
      for (int t = 0; t < count; t++) {
        Latencies mine = new Latencies();
        parts.add(mine);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Thread client = new Thread(() -> call(http, request, mine), "spbench-meter-" + t);
        threads.add(client);
        client.start();
      }
    }

    private void call(HttpClient http, HttpRequest request, Latencies mine) {
      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
        long before = System.nanoTime();
        boolean ok;
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          ok = response.statusCode() == 200;
          if (!ok) {
            firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
          }
        } catch (Exception e) {
          ok = false;
          firstFailure.compareAndSet(null, e.toString());
        }
        long after = System.nanoTime();
        if (before >= measureFrom && after <= end) {
          if (ok) {
            calls.incrementAndGet();
            mine.record(after - before);
          } else {
            failures.incrementAndGet();
          }
        }
      }
    }

    /** Waits for every client to stop. */
    void await() throws InterruptedException {
      for (Thread client : threads) {
        client.join();
      }
    }

    /** Waits for every client to stop; the calls they answered per second of the window. */
    double callsPerSecond() throws InterruptedException {
      await();
      return calls.get() / ((end - measureFrom) / 1e9);
    }

    /** Waits for every client to stop and returns what they measured. */
    Round finish(String mode, ServerCpu.Window cpu) throws InterruptedException {
      await();
      return new Round(
          mode,
          calls.get(),
          failures.get(),
          (end - measureFrom) / 1e9,
          Latencies.merge(parts),
          cpu);
    }

    void printFirstFailure() {
      if (firstFailure.get() != null) {
        System.out.println("  first failure: " + firstFailure.get());
      }
    }
  }

  private void print() {
    Table table =
        new Table(
            "metering and request log",
            "rounds",
            "requests/s",
            "p50 ms",
            "p99 ms",
            "failed",
            "throughput vs off",
            "server CPU µs per request",
            "CPU per request vs off");
    double off = mean("off");
    double offCpu = cpuPerCall("off");
    for (String mode : List.of("off", "on")) {
      List<Round> mine = results.stream().filter(r -> r.mode().equals(mode)).toList();
      Latencies all = Latencies.merge(mine.stream().map(Round::latencies).toList());
      double perSecond = mean(mode);
      table.row(
          mode,
          mine.size(),
          perSecond,
          all.percentileMicros(50) / 1000,
          all.percentileMicros(99) / 1000,
          mine.stream().mapToLong(Round::failures).sum(),
          String.format("%+.1f %%", (perSecond / off - 1) * 100),
          cpuPerCall(mode),
          String.format("%+.1f %%", (cpuPerCall(mode) / offCpu - 1) * 100));
    }
    System.out.println();
    table.print();
  }

  /**
   * Side-by-side rounds come as (off, on) pairs of one window: each round's ratio, then their mean,
   * lowest and highest.
   */
  private void printSideBySide() {
    Table table =
        new Table(
            "window",
            "off requests/s",
            "on requests/s",
            "throughput on vs off",
            "off p99 ms",
            "on p99 ms",
            "off control plane CPU µs per request",
            "on control plane CPU µs per request",
            "CPU per request on vs off",
            "failed");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i + 1 < results.size(); i += 2) {
      Round off = results.get(i);
      Round on = results.get(i + 1);
      double ratio = on.perSecond() / off.perSecond() - 1;
      double cpuRatio = on.cpuMicrosPerCall() / off.cpuMicrosPerCall() - 1;
      ratios.add(ratio);
      table.row(
          i / 2 + 1,
          off.perSecond(),
          on.perSecond(),
          String.format("%+.1f %%", ratio * 100),
          off.latencies().percentileMicros(99) / 1000,
          on.latencies().percentileMicros(99) / 1000,
          off.cpuMicrosPerCall(),
          on.cpuMicrosPerCall(),
          String.format("%+.1f %%", cpuRatio * 100),
          off.failures() + on.failures());
    }
    System.out.println();
    table.print();
    // The two planes share the cores, so a window one of them loses (a collection, a recompile)
    // the other often gains: calls summed over windows cancel that, a window's ratio does not.
    for (int round = 0; round < rounds; round++) {
      List<Round> mine = results.subList(round * windows * 2, (round + 1) * windows * 2);
      System.out.printf(
          "Round %d (%s launched first): throughput on vs off %s, control plane CPU per request %s,"
              + " over its %d windows' calls.%n",
          round + 1,
          round % 2 == 1 ? "on" : "off",
          percent(callsRatio(mine)),
          percent(cpuRatio(mine)),
          windows);
    }
    System.out.printf(
        "All %d windows: throughput on vs off %s, control plane CPU per request %s (calls and CPU"
            + " summed); per window: mean %s, lowest %s, highest %s.%n",
        ratios.size(),
        percent(callsRatio(results)),
        percent(cpuRatio(results)),
        percent(mean(ratios)),
        percent(min(ratios)),
        percent(max(ratios)));
  }

  /** The "on" calls over the "off" calls of the same windows, less one. */
  private static double callsRatio(List<Round> rounds) {
    return sum(rounds, "on", Round::calls) / sum(rounds, "off", Round::calls) - 1;
  }

  /** The "on" CPU per call over the "off" one, each summed over the same windows, less one. */
  private static double cpuRatio(List<Round> rounds) {
    double on = sum(rounds, "on", r -> r.cpu().totalNanos()) / sum(rounds, "on", Round::calls);
    double off = sum(rounds, "off", r -> r.cpu().totalNanos()) / sum(rounds, "off", Round::calls);
    return on / off - 1;
  }

  private static double sum(List<Round> rounds, String mode, ToLongFunction<Round> value) {
    return rounds.stream().filter(r -> r.mode().equals(mode)).mapToLong(value).sum();
  }

  private static String percent(double ratio) {
    return String.format("%+.1f %%", ratio * 100);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private double mean(String mode) {
    return results.stream()
        .filter(r -> r.mode().equals(mode))
        .mapToDouble(Round::perSecond)
        .average()
        .orElse(Double.NaN);
  }

  /** Server CPU per call over all rounds of {@code mode}: the CPU summed, over the calls summed. */
  private double cpuPerCall(String mode) {
    List<Round> mine = results.stream().filter(r -> r.mode().equals(mode)).toList();
    long nanos = mine.stream().mapToLong(r -> r.cpu().totalNanos()).sum();
    long calls = mine.stream().mapToLong(Round::calls).sum();
    return nanos / 1e3 / calls;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }

  private void printWritten(String master, String storeId) throws SQLException {
    try (Connection connection =
        DriverManager.getConnection(postgres.url(master), postgres.user(), postgres.password())) {
      UUID store = UUID.fromString(storeId);
      long metered =
          single(
              connection,
              "SELECT coalesce(sum(api_calls), 0) FROM usage_metrics WHERE store_id = ?",
              store);
      long logged =
          single(connection, "SELECT count(*) FROM api_usage_logs WHERE store_id = ?", store);
      System.out.printf(
          "Written by the \"on\" rounds: usage_metrics.api_calls %,d; api_usage_logs rows %,d"
              + " (warm-up calls included).%n",
          metered, logged);
    }
  }

  private static long single(Connection connection, String sql, UUID store) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, store);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
