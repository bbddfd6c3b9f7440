package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.master.server.DatabaseEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The master database's transactions per second while L clients follow one idle provisioning job's
 * event stream ({@code GET /api/v1/provision/{jobId}/events}, Server-Sent Events), for several L,
 * with L = 0 as the application's idle floor.
 *
 * <p>For each L: a fresh master database, the packaged control plane ({@code --app}) started on it
 * as a child process with its job workers off (so the job stays queued and idle; the key of the job
 * engine and the key of the older provisioning workers are both set, each application ignores the
 * other's), one store created with a managed PostgreSQL database (its queued job), L SSE clients
 * that each wait for their first {@code data:} event, a settle time, then the measured window:
 * {@code xact_commit + xact_rollback} of the master database in {@code pg_stat_database}, read at
 * its start and end from a connection to the {@code postgres} database (whose own transactions are
 * not counted in the master's row). The same bench code runs against any build of the application,
 * so a before/after comparison is two invocations with different {@code --app}.
 */
final class SseListenersScenario {

  /** What one listener count measured. */
  private record Result(
      int listeners,
      double seconds,
      long transactions,
      long events,
      int openStreams,
      int backends,
      int sawCancel,
      double cancelMillis,
      String jobStatus,
      double readyMillis) {

    double perSecond() {
      return transactions / seconds;
    }
  }

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final List<Integer> listenerCounts;
  private final int seconds;
  private final int settleSeconds;
  private final int masterPool;
  private final Path app;
  private final String run =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final String benchPrefix = "spbench_sse_" + run + "_";
  private final BenchServers.Server postgres = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
  private final BenchServers.Server mysql = BenchServers.Server.of(DatabaseEngine.MYSQL);
  private final List<Result> results = new ArrayList<>();
  private volatile ControlPlaneProcess controlPlane;

  SseListenersScenario(BenchOptions options) {
    this.listenerCounts = counts(options.text("listeners", "0,1,10,100"));
    this.seconds = options.positiveInteger("seconds", 10);
    this.settleSeconds = options.integer("settle", 10);
    this.masterPool = options.positiveInteger("master-pool", 20);
    this.app = ControlPlaneProcess.packagedApp(options);
  }

  void run() throws Exception {
    System.out.printf("run %s: master databases %s*%n", run, benchPrefix);
    System.out.println("PostgreSQL: " + postgres.describe());
    System.out.printf(
        "control plane: %s (job workers off, master pool %d); listeners %s; %d s settle, %d s"
            + " measured%n%n",
        app.toAbsolutePath(), masterPool, listenerCounts, settleSeconds, seconds);
    Thread cleanup = new Thread(this::cleanUp, "spbench-sse-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      for (int listeners : listenerCounts) {
        results.add(measure(listeners));
      }
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (Ctrl-C, SIGTERM): the hook cleans up as well
      }
    }
    print();
    List<String> left = leftovers();
    System.out.println(
        left.isEmpty() ? "Leftovers after the run: none." : "LEFTOVERS after the run: " + left);
  }

  private Result measure(int listeners) throws Exception {
    String master = benchPrefix + "master" + listeners;
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + master);
    }
    ControlPlaneProcess started =
        ControlPlaneProcess.launch(
            new ControlPlaneProcess.Settings(
                app,
                postgres,
                mysql,
                master,
                false,
                1,
                masterPool,
                Map.of(
                    "STOREPLANE_JOBS_WORKER_ENABLED", "false",
                    "STOREPLANE_PROVISIONING_WORKER_ENABLED", "false")));
    controlPlane = started;
    List<Thread> readers = new ArrayList<>();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      started.awaitReady();
      ControlPlaneClient api = started.api();
      String slug = "spbench-" + run + "-" + listeners;
      JsonNode store = ApiOnboarding.createStore(api, slug, "managed-postgresql");
      String jobId = store.path("provisioningJobId").asText();
      URI events = started.api().uri("/api/v1/provision/" + jobId + "/events");

      CountDownLatch first = new CountDownLatch(listeners);
      AtomicLong dataEvents = new AtomicLong();
      AtomicInteger open = new AtomicInteger();
      AtomicInteger cancelled = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long openStart = System.nanoTime();
      for (int i = 0; i < listeners; i++) {
        HttpRequest request =
            HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer " + started.api().token())
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        Thread reader =
            new Thread(
                () -> listen(http, request, first, dataEvents, open, cancelled, failure),
                "spbench-sse-" + listeners + "-" + i);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
      }
      if (!first.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        Throwable cause = failure.get();
        throw new IllegalStateException(
            "%d of %d listeners got no first event within %s%s"
                .formatted(
                    first.getCount(), listeners, READY_TIMEOUT, cause == null ? "" : ": " + cause),
            cause);
      }
      double readyMillis = (System.nanoTime() - openStart) / 1e6;
      Thread.sleep(settleSeconds * 1000L);

      long eventsBefore = dataEvents.get();
      long windowStart;
      long before;
      long after;
      int backends;
      try (Connection stats = postgres.admin()) {
        before = transactions(stats, master);
        windowStart = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        after = transactions(stats, master);
        backends = backends(stats, master);
      }
      double elapsed = (System.nanoTime() - windowStart) / 1e9;
      long windowEvents = dataEvents.get() - eventsBefore;
      int openStreams = open.get();
      String status = api.get("/api/v1/provision/" + jobId + "/status").path("status").asText();
      if (failure.get() != null) {
        throw new IllegalStateException("A listener failed: " + failure.get(), failure.get());
      }
      // The check that the streams are live: a change (the job cancelled) must reach every one.
      long cancelStart = System.nanoTime();
      api.post("/api/v1/provision/" + jobId + "/cancel", Map.of(), 200);
      long giveUp = cancelStart + Duration.ofSeconds(15).toNanos();
      while (cancelled.get() < listeners && System.nanoTime() < giveUp) {
        Thread.sleep(5);
      }
      double cancelMillis = (System.nanoTime() - cancelStart) / 1e6;
      Result result =
          new Result(
              listeners,
              elapsed,
              after - before,
              windowEvents,
              openStreams,
              backends,
              cancelled.get(),
              cancelMillis,
              status,
              readyMillis);
      System.out.printf(
          "L=%d: %d transactions in %.1f s = %.2f/s; %d events to listeners in the window;"
              + " %d streams open at its end; master backends %d; job %s; listeners ready after"
              + " %.0f ms; the cancel reached %d of %d listeners within %.0f ms%n",
          listeners,
          result.transactions(),
          elapsed,
          result.perSecond(),
          windowEvents,
          openStreams,
          backends,
          status,
          readyMillis,
          cancelled.get(),
          listeners,
          cancelMillis);
      return result;
    } finally {
      stopControlPlane();
      readers.forEach(Thread::interrupt);
      dropMaster(master);
    }
  }

  /** One SSE client: reads lines until the stream ends, counting {@code data:} lines. */
  private static void listen(
      HttpClient http,
      HttpRequest request,
      CountDownLatch first,
      AtomicLong dataEvents,
      AtomicInteger open,
      AtomicInteger cancelled,
      AtomicReference<Throwable> failure) {
    boolean counted = false;
    try {
      HttpResponse<Stream<String>> response =
          http.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET %s answered %d".formatted(request.uri().getPath(), response.statusCode()));
      }
      open.incrementAndGet();
      try (Stream<String> lines = response.body()) {
        var it = lines.iterator();
        while (it.hasNext()) {
          String line = it.next();
          if (line.startsWith("data:")) {
            dataEvents.incrementAndGet();
            if (line.replace(" ", "").contains("\"status\":\"cancelled\"")) {
              cancelled.incrementAndGet();
            }
            if (!counted) {
              counted = true;
              first.countDown();
            }
          }
        }
      } finally {
        open.decrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | UncheckedIOException e) {
      // the control plane stopped at the end of the measurement, or the stream broke before
      if (!counted) {
        failure.compareAndSet(null, e);
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** Committed and rolled-back transactions of {@code database} so far. */
  private static long transactions(Connection stats, String database) throws SQLException {
    try (PreparedStatement statement =
        stats.prepareStatement(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static int backends(Connection stats, String database) throws SQLException {
    try (PreparedStatement statement =
        stats.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private void print() {
    System.out.println();
    System.out.println("app: " + app.toAbsolutePath());
    System.out.println();
    double floor =
        results.stream()
            .filter(r -> r.listeners() == 0)
            .mapToDouble(Result::perSecond)
            .findFirst()
            .orElse(Double.NaN);
    Table table =
        new Table(
            "listeners",
            "master tx/s",
            "tx/s above the floor per listener",
            "transactions",
            "seconds",
            "events to listeners in the window",
            "streams open at its end",
            "master backends",
            "job",
            "then cancelled: listeners told",
            "ms to tell them",
            "listeners ready ms");
    for (Result r : results) {
      table.row(
          r.listeners(),
          r.perSecond(),
          r.listeners() == 0 ? Double.NaN : (r.perSecond() - floor) / r.listeners(),
          r.transactions(),
          r.seconds(),
          r.events(),
          r.openStreams(),
          r.backends(),
          r.jobStatus(),
          r.sawCancel() + "/" + r.listeners(),
          r.listeners() == 0 ? Double.NaN : r.cancelMillis(),
          r.listeners() == 0 ? Double.NaN : r.readyMillis());
    }
    table.print();
  }

  private void dropMaster(String master) {
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + master + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("Could not drop " + master + ": " + e.getMessage());
    }
  }

  private List<String> leftovers() throws SQLException {
    List<String> left = new ArrayList<>();
    try (Connection admin = postgres.admin();
        PreparedStatement statement =
            admin.prepareStatement("SELECT datname FROM pg_database WHERE datname LIKE ?")) {
      statement.setString(1, benchPrefix.replace("_", "\\_") + "%");
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          left.add("pg_database: " + rows.getString(1));
        }
      }
    }
    return left;
  }

  private synchronized void cleanUp() {
    stopControlPlane();
    for (int listeners : listenerCounts) {
      dropMaster(benchPrefix + "master" + listeners);
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

  /** {@code --listeners}: whole numbers, 0 (no listener: the idle floor) allowed. */
  private static List<Integer> counts(String text) {
    List<Integer> counts = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        int value = Integer.parseInt(part.strip());
        if (value < 0) {
          throw new NumberFormatException();
        }
        counts.add(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--listeners takes whole numbers ≥ 0 separated by commas, not '%s'".formatted(text));
      }
    }
    if (counts.stream().distinct().count() != counts.size()) {
      throw new IllegalArgumentException("--listeners repeats a count: " + text);
    }
    return counts;
  }
}
