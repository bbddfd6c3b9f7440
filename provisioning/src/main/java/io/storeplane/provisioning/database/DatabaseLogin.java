package io.storeplane.provisioning.database;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.jdbc.FixedLoginDataSource;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.guard.GuardedJdbc;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * How provisioning reaches one database: engine, endpoint, database, login. {@link #open} opens a
 * new connection each time; provisioning keeps none but a managed server's idle admin sessions
 * ({@code server.AdminConnections}) and the warm pool's primed connections. Connections to
 * customer-chosen hosts are {@code guarded}: they go through the outbound guard's socket factories
 * ({@link GuardedJdbc}), merged after every other property so nothing can replace them. So are
 * connections to managed servers registered through the API; only the default servers the platform
 * registers at start from its own configuration are not guarded ({@code
 * DatabaseServerService.guarded}).
 *
 * @param engine the wire protocol
 * @param host host name or address
 * @param port TCP port
 * @param database database (MySQL: schema) to connect to
 * @param username login
 * @param password login password, never printed
 * @param ssl whether TLS is required
 * @param guarded whether the outbound guard checks the connection
 */
public record DatabaseLogin(
    DatabaseEngine engine,
    String host,
    int port,
    String database,
    String username,
    SecretString password,
    boolean ssl,
    boolean guarded) {

  /** How long a connect may take before it counts as a (transient) timeout. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long one statement may block on the network (Flyway runs long DDL batches). */
  public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5);

  public DatabaseLogin {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** The same login on another database of the same server. */
  public DatabaseLogin onDatabase(String otherDatabase) {
    return new DatabaseLogin(engine, host, port, otherDatabase, username, password, ssl, guarded);
  }

  /** The client-schema dialect for this engine. */
  public Dialect dialect() {
    return engine == DatabaseEngine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
  }

  /** The JDBC URL, without credentials. */
  public String jdbcUrl() {
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return (engine == DatabaseEngine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mysql://")
        + h
        + ":"
        + port
        + "/"
        + database;
  }

  /** A new connection; the caller closes it. */
  public Connection open() throws SQLException {
    // The driver is instantiated from this class's loader (not looked up in DriverManager), so the
    // socket factory it loads by name sees the same OutboundGuards holder the application set.
    Driver driver =
        engine == DatabaseEngine.POSTGRESQL
            ? new org.postgresql.Driver()
            : new com.mysql.cj.jdbc.Driver();
    // Connector/J loads its socket factory through the context class loader: make it the driver's.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    Connection connection;
    try {
      thread.setContextClassLoader(driver.getClass().getClassLoader());
      connection = driver.connect(jdbcUrl(), properties());
    } finally {
      thread.setContextClassLoader(previous);
    }
    if (connection == null) {
      throw new SQLException("The driver does not accept " + jdbcUrl(), "08001");
    }
    return connection;
  }

  /** A data source that opens a new connection each time (for Flyway). */
  public DataSource dataSource() {
    return new OpeningDataSource(this, null);
  }

  /**
   * As {@link #dataSource()}, each connection switched to {@code role} ({@code SET ROLE},
   * PostgreSQL only), so what it creates is owned by that role.
   */
  public DataSource dataSourceAsRole(String role) {
    DatabaseNames.requirePlatformName(role);
    return new OpeningDataSource(this, role);
  }

  Properties properties() {
    return driverProperties(CONNECT_TIMEOUT, SOCKET_TIMEOUT, "storeplane-provisioning");
  }

  /**
   * The driver properties of a connection to this database: login, connect and socket timeouts in
   * the driver's own names and units, TLS mode, the program name the server shows for the session,
   * then, when {@code guarded}, the outbound guard's socket factory ({@link GuardedJdbc}), which
   * wins over anything set before it. Provisioning's short-lived connections and the store pools
   * both use it, with their own timeouts.
   *
   * @param connectTimeout how long a TCP connect and login may take
   * @param socketTimeout how long one read may block
   * @param program the application name shown by the server ({@code pg_stat_activity}, MySQL's
   *     connection attributes)
   */
  public Properties driverProperties(
      Duration connectTimeout, Duration socketTimeout, String program) {
    Properties props = new Properties();
    props.setProperty("user", username);
    props.setProperty("password", password.reveal());
    if (engine == DatabaseEngine.POSTGRESQL) {
      props.setProperty("connectTimeout", Long.toString(ceilSeconds(connectTimeout)));
      props.setProperty("loginTimeout", Long.toString(ceilSeconds(connectTimeout)));
      props.setProperty("socketTimeout", Long.toString(ceilSeconds(socketTimeout)));
      props.setProperty("ApplicationName", program);
      props.setProperty("sslmode", ssl ? "require" : "prefer");
    } else {
      props.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
      props.setProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
      props.setProperty("sslMode", ssl ? "REQUIRED" : "PREFERRED");
      props.setProperty("connectionAttributes", "program_name:" + program);
    }
    if (guarded) {
      GuardedJdbc.jdbcProperties(engine).forEach(props::setProperty);
    }
    return props;
  }

  /** pgjdbc takes whole seconds; a sub-second timeout rounds up rather than to "none" (0). */
  private static long ceilSeconds(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000);
  }

  @Override
  public String toString() {
    return "DatabaseLogin[%s %s as %s%s]"
        .formatted(engine, jdbcUrl(), username, guarded ? ", guarded" : "");
  }

  /** Connections opened one at a time by {@link #open()}, optionally switched to a role. */
  private static final class OpeningDataSource extends FixedLoginDataSource {

    private final DatabaseLogin target;
    private final String role;

    OpeningDataSource(DatabaseLogin target, String role) {
      super(target.toString());
      this.target = target;
      this.role = role;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection connection = target.open();
      if (role != null) {
        try (var statement = connection.createStatement()) {
          statement.execute("SET ROLE \"" + DatabaseNames.requirePlatformName(role) + "\"");
        } catch (SQLException e) {
          connection.close();
          throw e;
        }
      }
      return connection;
    }

    @Override
    public String toString() {
      return target.toString();
    }
  }
}
