package io.storeplane.provisioning.connect;

import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.provisioning.guard.GuardedJdbc;
import io.storeplane.provisioning.guard.JdbcEngine;
import io.storeplane.provisioning.provider.StoreDatabase;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a store's JDBC database is and how to log in, as its pool needs it: the JDBC URL and the
 * driver properties, with the outbound guard's socket factory merged last (for customer-chosen
 * hosts) so nothing can override it. Built from provisioning's {@link StoreDatabase}, the one
 * reading of a store's saved connection ({@link #of(StoreDatabase)}). The password lives only in
 * memory ({@link SecretString}) and never reaches the URL, a log line or {@link #toString()}.
 *
 * @param engine the driver to use
 * @param host host name or address
 * @param port TCP port
 * @param database the database (schema, on MySQL)
 * @param username login
 * @param password login password (empty for trust authentication)
 * @param ssl whether TLS is required
 * @param guarded whether connections go through the outbound guard (customer-chosen hosts: yes; the
 *     platform's managed servers: no, as in provisioning)
 */
public record JdbcTarget(
    JdbcEngine engine,
    String host,
    int port,
    String database,
    String username,
    SecretString password,
    boolean ssl,
    boolean guarded) {

  public JdbcTarget {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** The target of a store database as provisioning reads it. */
  public static JdbcTarget of(StoreDatabase database) {
    return new JdbcTarget(
        database.engine() == DatabaseEngine.POSTGRESQL ? JdbcEngine.POSTGRESQL : JdbcEngine.MYSQL,
        database.host(),
        database.port(),
        database.database(),
        database.username(),
        database.password(),
        database.ssl(),
        database.guarded());
  }

  /** The JDBC URL, without credentials or parameters. */
  public String jdbcUrl() {
    String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    String scheme = engine == JdbcEngine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mysql://";
    return scheme + hostPart + ":" + port + "/" + database;
  }

  /**
   * The driver properties: login, TLS mode, then, for a guarded target, the outbound guard's
   * properties ({@link GuardedJdbc}), which win over anything set before them.
   */
  public Properties driverProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("password", password.reveal());
    if (ssl && engine == JdbcEngine.POSTGRESQL) {
      properties.setProperty("sslmode", "require");
    } else if (ssl) {
      properties.setProperty("sslMode", "REQUIRED");
    }
    if (guarded) {
      GuardedJdbc.jdbcProperties(engine).forEach(properties::setProperty);
    }
    return properties;
  }

  @Override
  public String toString() {
    return "JdbcTarget[%s %s as %s, ssl=%s%s]"
        .formatted(engine, jdbcUrl(), username, ssl, guarded ? ", guarded" : "");
  }
}
