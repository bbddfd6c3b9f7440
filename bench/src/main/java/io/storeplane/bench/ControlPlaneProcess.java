package io.storeplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeplane.testing.process.AppProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real control plane, the packaged application ({@code quarkus-run.jar}), run as a child
 * process on loopback in its production profile against a master database of the bench's. It gets a
 * bootstrap admin token and an encryption key made for this process (passed in its environment,
 * never on its command line), no rate limit (the bench polls job statuses faster than one token
 * may), and the bench's PostgreSQL (the master's server) and MariaDB/MySQL as its default managed
 * servers. The process itself is an {@link AppProcess} (shared with the api's multi-instance
 * integration tests); its output goes to a temporary file, quoted when it fails to start and
 * deleted when it stops.
 */
final class ControlPlaneProcess implements AutoCloseable {

  /**
   * How to run it.
   *
   * @param app the packaged application's {@code quarkus-run.jar}
   * @param postgres the server of the master database, also the default managed PostgreSQL server
   * @param mysql the default managed MariaDB/MySQL server
   * @param masterDatabase an empty database on {@code postgres}, migrated at start-up
   * @param templates {@code storeplane.provisioning.template.enabled}
   * @param workers {@code storeplane.jobs.worker.threads}
   * @param masterPool {@code quarkus.datasource.jdbc.max-size}
   * @param extraEnvironment more environment variables (configuration) of the process, set after
   *     (and over) the ones above
   */
  record Settings(
      Path app,
      BenchServers.Server postgres,
      BenchServers.Server mysql,
      String masterDatabase,
      boolean templates,
      int workers,
      int masterPool,
      Map<String, String> extraEnvironment) {

    Settings(
        Path app,
        BenchServers.Server postgres,
        BenchServers.Server mysql,
        String masterDatabase,
        boolean templates,
        int workers,
        int masterPool) {
      this(app, postgres, mysql, masterDatabase, templates, workers, masterPool, Map.of());
    }
  }

  /**
   * The packaged application a scenario runs: {@code --app}, by default the api module's build.
   *
   * @throws IllegalArgumentException when it is not there, saying how to build it
   */
  static Path packagedApp(BenchOptions options) {
    Path app = Path.of(options.text("app", "api/target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(app)) {
      throw new IllegalArgumentException(
          ("The packaged control plane is missing at %s: build it with `./mvnw -q -pl api -am"
                  + " package -DskipTests`, or pass --app=<path to quarkus-run.jar>")
              .formatted(app.toAbsolutePath()));
    }
    return app;
  }

  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AppProcess process;
  private final Path log;
  private final ControlPlaneClient api;
  private final String masterDatabase;

  private ControlPlaneProcess(
      AppProcess process, Path log, ControlPlaneClient api, String masterDatabase) {
    this.process = process;
    this.log = log;
    this.api = api;
    this.masterDatabase = masterDatabase;
  }

  /**
   * Starts it; {@link #awaitReady()} then waits until it can be used. The caller owns it from here
   * on and closes it, also when it never becomes ready.
   */
  static ControlPlaneProcess launch(Settings settings) throws IOException {
    String token = "spbench-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
    Path log = Files.createTempFile("storeplane-bench-control-plane-", ".log");
    AppProcess process =
        AppProcess.start(settings.app(), "The control plane", environment(settings, token), log);
    return new ControlPlaneProcess(
        process, log, new ControlPlaneClient(process.port(), token), settings.masterDatabase());
  }

  /** The API, as the bootstrap admin. */
  ControlPlaneClient api() {
    return api;
  }

  long pid() {
    return process.pid();
  }

  /** Its master database, on the bench's PostgreSQL server. */
  String masterDatabase() {
    return masterDatabase;
  }

  /** Stops it (SIGTERM, then SIGKILL after 20 s) and deletes its log. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.close();
    Files.deleteIfExists(log);
  }

  private static Map<String, String> environment(Settings settings, String token) {
    BenchServers.Server pg = settings.postgres();
    BenchServers.Server mysql = settings.mysql();
    Map<String, String> environment =
        new HashMap<>(
            Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", pg.url(settings.masterDatabase())),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", pg.user()),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", pg.password()),
                Map.entry(
                    "QUARKUS_DATASOURCE_JDBC_MAX_SIZE", String.valueOf(settings.masterPool())),
                Map.entry("STOREPLANE_EMBEDDED_POSTGRES", "false"),
                Map.entry("STOREPLANE_BOOTSTRAP_ADMIN_TOKEN", token),
                Map.entry("STOREPLANE_CRYPTO_KEYS_BENCH", newEncryptionKey()),
                Map.entry("STOREPLANE_RATE_LIMIT_ENABLED", "false"),
                Map.entry("STOREPLANE_JOBS_WORKER_THREADS", String.valueOf(settings.workers())),
                // no warm pool unless a scenario asks for one (extraEnvironment): the template
                // and Flyway paths measure a database made for the store
                Map.entry("STOREPLANE_PROVISIONING_WARM_POOL_SIZE", "0"),
                Map.entry(
                    "STOREPLANE_PROVISIONING_TEMPLATE_ENABLED",
                    String.valueOf(settings.templates())),
                Map.entry("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_HOST", mysql.host()),
                Map.entry(
                    "STOREPLANE_PROVISIONING_DEFAULT_MYSQL_PORT", String.valueOf(mysql.port())),
                Map.entry("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_USERNAME", mysql.user()),
                Map.entry("STOREPLANE_PROVISIONING_DEFAULT_MYSQL_PASSWORD", mysql.password())));
    environment.putAll(settings.extraEnvironment());
    return environment;
  }

  /** Waits until it answers ready and has registered both default managed servers. */
  void awaitReady() throws Exception {
    process.awaitReady(START_TIMEOUT);
    Set<String> servers = new HashSet<>();
    for (JsonNode server : api.get("/api/v1/database-servers")) {
      servers.add(server.path("name").asText());
    }
    if (!servers.containsAll(List.of("default-postgresql", "default-mysql"))) {
      throw process.failure(
          "registered the managed servers "
              + servers
              + ", not default-postgresql and default-mysql (does MariaDB/MySQL answer?)");
    }
  }

  /**
   * A new random encryption key for {@code STOREPLANE_CRYPTO_KEYS_BENCH} (base64 of 32 bytes), for
   * a scenario that seals secrets itself and passes the key in {@link Settings#extraEnvironment}.
   */
  static String newEncryptionKey() {
    return Base64.getEncoder().encodeToString(random(32));
  }

  private static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }
}
