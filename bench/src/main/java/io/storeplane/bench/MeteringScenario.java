package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.master.server.DatabaseEngine;
import java.net.URI;
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

  private final int threads;
  private final Duration warmUp;
  private final Duration measure;
  private final int rounds;
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
    this.app = ControlPlaneProcess.packagedApp(options);
  }

  void run() throws Exception {
    String master = benchPrefix + "master";
    System.out.printf("run %s: master database %s, store %s*%n", run, master, slugPrefix);
    System.out.println("PostgreSQL: " + postgres.describe());
    System.out.printf(
        "control plane: %s; %d clients, %d s warm-up and %d s measured per round; %d rounds of"
            + " off/on%n%n",
        app.toAbsolutePath(), threads, warmUp.toSeconds(), measure.toSeconds(), rounds);
    OnboardingLeftovers leftovers =
        new OnboardingLeftovers(postgres, mysql, benchPrefix, slugPrefix);
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + master);
    }
    try {
      String[] store = onboard(master);
      List<String> databases = List.of(master, storeDatabase(master, store[0]));
      for (int round = 0; round < rounds; round++) {
        results.add(measure(master, store, databases, false));
        results.add(measure(master, store, databases, true));
      }
      print();
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
      URI uri = plane.api().uri("/api/v1/stores/" + store[0] + "/data/products?limit=10");
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Authorization", "Bearer " + store[1])
              .header("Accept", "application/json")
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build();
      long start = System.nanoTime();
      long measureFrom = start + warmUp.toNanos();
      long end = measureFrom + measure.toNanos();
      AtomicLong calls = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      AtomicReference<String> firstFailure = new AtomicReference<>();
      List<Latencies> parts = new ArrayList<>();
      List<Thread> clients = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Latencies mine = new Latencies();
        parts.add(mine);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Thread client =
            new Thread(
                () -> {
                  for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    long before = System.nanoTime();
                    boolean ok;
                    try {
                      HttpResponse<String> response =
                          http.send(request, HttpResponse.BodyHandlers.ofString());
                      ok = response.statusCode() == 200;
                      if (!ok) {
                        firstFailure.compareAndSet(
                            null, response.statusCode() + " " + response.body());
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
                },
                "spbench-meter-" + t);
        clients.add(client);
        client.start();
      }
      sleepUntil(measureFrom);
      ServerCpu.Sample before = cpu.sample(admin);
      sleepUntil(end);
      ServerCpu.Sample after = cpu.sample(admin);
      for (Thread client : clients) {
        client.join();
      }
      Round round =
          new Round(
              metering ? "on" : "off",
              calls.get(),
              failures.get(),
              measure.toNanos() / 1e9,
              Latencies.merge(parts),
              after.since(before));
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
      if (firstFailure.get() != null) {
        System.out.println("  first failure: " + firstFailure.get());
      }
      return round;
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
