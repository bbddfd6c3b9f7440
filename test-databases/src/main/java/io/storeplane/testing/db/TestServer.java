package io.storeplane.testing.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real database server that tests may create databases on, with admin credentials.
 *
 * @param engine which engine speaks on this server
 * @param host host name or address
 * @param port TCP port
 * @param adminUser a user that may create and drop databases and roles
 * @param adminPassword that user's password (empty for trust or socket auth)
 * @param origin how the server was found, for log lines and failure messages
 */
public record TestServer(
    Engine engine, String host, int port, String adminUser, String adminPassword, String origin) {

  private static final Pattern SAFE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,20}");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMddHHmmss");
  private static final Set<TestDatabase> OPEN = ConcurrentHashMap.newKeySet();

  /**
   * Where PostgreSQL drops run, so that no test waits for one: every {@code DROP DATABASE} waits
   * for a checkpoint, 0.3 to 2 s while the suite writes beside it. Four at a time: drops waiting
   * together share the next checkpoint, so a backlog (at the JVM's exit) clears four times faster.
   */
  private static final ExecutorService DROPPER =
      Executors.newFixedThreadPool(
          4,
          task -> {
            Thread thread = new Thread(task, "test-db-dropper");
            thread.setDaemon(true);
            return thread;
          });

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  OPEN.forEach(TestDatabase::close);
                  DROPPER.shutdown();
                  try {
                    DROPPER.awaitTermination(2, TimeUnit.MINUTES);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "test-db-cleanup"));
  }

  /** A JDBC URL for {@code database} on this server. */
  public String jdbcUrl(String database) {
    return engine.jdbcUrl(host, port, database);
  }

  /** An admin connection to {@code database} (empty string: no default database on MySQL). */
  public Connection connectAdmin(String database) throws SQLException {
    return engine.connect(jdbcUrl(database), adminUser, adminPassword);
  }

  /**
   * Creates a new, uniquely named, empty database. Close the returned handle to drop it (on
   * PostgreSQL in the background: {@link TestDatabase#dropNow()} when the test needs it gone);
   * anything left open is dropped when the JVM exits.
   *
   * @param prefix a short lowercase word naming the test or module, e.g. {@code "clientschema"}
   */
  public TestDatabase createDatabase(String prefix) {
    if (!SAFE_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Test database prefix must match " + SAFE_PREFIX + " but was '" + prefix + "'");
    }
    String name =
        "sptest_%s_%s_%04x"
            .formatted(
                prefix,
                LocalDateTime.now().format(STAMP),
                ThreadLocalRandom.current().nextInt(0x10000))
            .toLowerCase(Locale.ROOT);
    execute("CREATE DATABASE " + name);
    TestDatabase database = new TestDatabase(this, name);
    OPEN.add(database);
    return database;
  }

  /**
   * Drops {@code database}: at once when {@code now} or on MySQL (where a drop is cheap), else on
   * PostgreSQL in the background, before the JVM exits (a failure is printed, not thrown).
   */
  void drop(TestDatabase database, boolean now) {
    OPEN.remove(database);
    String name = database.name();
    if (engine == Engine.MYSQL) {
      execute("DROP DATABASE IF EXISTS " + name);
      return;
    }
    String sql = "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
    if (now) {
      execute(sql);
      return;
    }
    try {
      DROPPER.execute(
          () -> {
            try {
              execute(sql);
            } catch (IllegalStateException e) {
              System.err.println(e.getMessage());
            }
          });
    } catch (RejectedExecutionException exiting) {
      execute(sql);
    }
  }

  private void execute(String sql) {
    try (Connection connection = connectAdmin(engine.maintenanceDatabase());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not run '%s' on %s test server %s:%d (%s): %s"
              .formatted(sql, engine, host, port, origin, e.getMessage()),
          e);
    }
  }
}
