package io.storeplane.testing.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> OPEN.forEach(TestDatabase::close), "test-db-cleanup"));
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
   * Creates a new, uniquely named, empty database. Close the returned handle to drop it; anything
   * left open is dropped when the JVM exits.
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

  void drop(TestDatabase database) {
    OPEN.remove(database);
    String name = database.name();
    if (engine == Engine.POSTGRESQL) {
      execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } else {
      execute("DROP DATABASE IF EXISTS " + name);
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
