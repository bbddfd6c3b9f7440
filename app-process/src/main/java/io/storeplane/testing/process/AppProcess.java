package io.storeplane.testing.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged control plane ({@code api/target/quarkus-app/quarkus-run.jar}) running as a child
 * process of this JVM, on loopback and a free HTTP port of its own (and a second free port for its
 * management interface: health and metrics), its output (stdout and stderr) captured to a log file
 * that stays readable after the process ends.
 *
 * <p>What it runs against comes entirely from the environment the caller passes (the master
 * database, keys, tokens): secrets travel in the child's environment, never on its command line,
 * and are never written to the log by this class.
 */
public final class AppProcess implements AutoCloseable {

  /**
   * JVM options (for {@code JAVA_TOOL_OPTIONS}) that start a test's instance fast: the client
   * compiler only and the serial collector. On the project's 2-core machine under a parallel build
   * an instance then starts in about 13 s instead of 50 s (C2 compiler threads and parallel GC
   * threads compete for the two cores); tests run seconds, not long enough for C2 to pay off. Tests
   * pass them; the onboarding benchmark does not, as it measures the production JVM.
   */
  public static final String FAST_START_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /** How long a graceful stop may take before the process is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /** Pause between two readiness probes; the wait ends early when the process exits. */
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String name;
  private final Process process;
  private final int port;
  private final int managementPort;
  private final Path log;

  private AppProcess(String name, Process process, int port, int managementPort, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  /**
   * Starts {@code java -jar app} with {@code environment} added to this JVM's, listening on
   * 127.0.0.1 and a free port, its management interface on another ({@code QUARKUS_HTTP_HOST},
   * {@code QUARKUS_HTTP_PORT}, {@code QUARKUS_MANAGEMENT_HOST} and {@code QUARKUS_MANAGEMENT_PORT}
   * are set here). The caller owns the result and closes it, also when it never becomes ready.
   *
   * @param app the packaged application's {@code quarkus-run.jar}
   * @param name a short name for failure messages, e.g. {@code "instance-1"}
   * @param environment the child's settings, e.g. {@code QUARKUS_DATASOURCE_JDBC_URL}
   * @param log the file its output goes to (created or truncated)
   */
  public static AppProcess start(Path app, String name, Map<String, String> environment, Path log)
      throws IOException {
    if (!Files.isRegularFile(app)) {
      throw new IllegalStateException(
          "No packaged application at "
              + app.toAbsolutePath()
              + "; build it with ./mvnw -pl api -am package -DskipTests");
    }
    int port = freePort();
    int managementPort = freePort();
    while (managementPort == port) {
      managementPort = freePort();
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                app.toAbsolutePath().toString())
            .directory(log.toAbsolutePath().getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
    builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
    return new AppProcess(name, builder.start(), port, managementPort, log);
  }

  /**
   * Waits until {@code /q/health/ready} on the management port answers 200. Fails, quoting the end
   * of the log, when the process exits first or {@code timeout} passes.
   */
  public void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (!process.isAlive()) {
        throw failure("exited with status " + process.exitValue() + " while starting");
      }
      if (System.nanoTime() > giveUp) {
        throw failure("was not ready within " + timeout);
      }
      process.waitFor(PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Whether its management port answers {@code /q/health/ready} with 200 now. */
  public boolean ready() throws InterruptedException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(managementUri("/q/health/ready"))
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The name it was started with. */
  public String name() {
    return name;
  }

  /** Its HTTP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Its management interface's port on 127.0.0.1 (health and metrics). */
  public int managementPort() {
    return managementPort;
  }

  /** {@code http://127.0.0.1:<management port><path>}, e.g. {@code /q/metrics}. */
  public URI managementUri(String path) {
    return URI.create("http://127.0.0.1:" + managementPort + path);
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until it exits by itself and returns its exit status; fails, quoting the end of its log,
   * when it is still running after {@code timeout}.
   */
  public int awaitExit(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw failure("was still running after " + timeout);
    }
    return process.exitValue();
  }

  /** The file its output goes to. */
  public Path log() {
    return log;
  }

  /** Its output so far, line by line (malformed bytes replaced, so a half-written line reads). */
  public List<String> logLines() throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
  }

  /**
   * Kills it at once, as {@code kill -9} does (no shutdown hooks, no graceful stop: leases and
   * connections are left as a crash leaves them), and waits until it is gone.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 30 s");
    }
  }

  /** Stops it gracefully (SIGTERM), killing it if it is not gone within 20 s; keeps the log. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** A failure naming this process, with the last 40 lines of its log. */
  public IllegalStateException failure(String what) throws IOException {
    List<String> lines = logLines();
    return new IllegalStateException(
        "%s (pid %d, port %d) %s; the end of its log %s:%n%s"
            .formatted(
                name,
                pid(),
                port,
                what,
                log,
                String.join(
                    System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()))));
  }

  /** A free TCP port on the loopback address, for a test's own listener or proxy. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
