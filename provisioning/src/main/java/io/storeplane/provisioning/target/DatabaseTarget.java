package io.storeplane.provisioning.target;

import io.storeplane.master.integration.IntegrationConfig;
import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.guard.GuardedJdbc;
import io.storeplane.provisioning.guard.JdbcEngine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * One database a store's data lives in, and the single way Storeplane turns it into a JDBC URL and
 * driver properties: host and database names are validated (never spliced raw into a URL), the
 * credentials travel as driver properties (never in the URL), and the outbound guard's socket
 * factory is always set last so nothing can override it.
 *
 * @param engine the driver to use
 * @param host host name or IP address
 * @param port TCP port
 * @param database database (MySQL: schema) name
 * @param username login
 * @param password login password, in memory only
 * @param ssl whether TLS is required
 */
public record DatabaseTarget(
    JdbcEngine engine,
    String host,
    int port,
    String database,
    String username,
    SecretString password,
    boolean ssl) {

  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}]?");
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

  public DatabaseTarget {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(password, "password");
    if (host == null || !HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("Not a host name or IP address: " + host);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Port out of range: " + port);
    }
    if (database == null || !DATABASE.matcher(database).matches()) {
      throw new IllegalArgumentException("Not a valid database name: " + database);
    }
    if (username == null || username.isBlank() || username.length() > 128) {
      throw new IllegalArgumentException("A username of 1 to 128 characters is required");
    }
  }

  /**
   * The target an integration config describes (settings {@code host}, {@code port}, {@code
   * database}, {@code username}, {@code ssl}; secret {@code password}).
   */
  public static DatabaseTarget of(
      JdbcEngine engine, IntegrationConfig config, IntegrationSecrets secrets) {
    Map<String, Object> settings = config.settings;
    return new DatabaseTarget(
        engine,
        (String) settings.get("host"),
        ((Number) settings.get("port")).intValue(),
        (String) settings.get("database"),
        (String) settings.get("username"),
        secrets.get("password").orElse(SecretString.of("")),
        Boolean.TRUE.equals(settings.get("ssl")));
  }

  /** The same server and login, another database (e.g. the maintenance database). */
  public DatabaseTarget withDatabase(String otherDatabase) {
    return new DatabaseTarget(engine, host, port, otherDatabase, username, password, ssl);
  }

  /** The JDBC URL: scheme, host, port and database only. */
  public String jdbcUrl() {
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return switch (engine) {
      case POSTGRESQL -> "jdbc:postgresql://" + hostPart + ":" + port + "/" + database;
      case MYSQL -> "jdbc:mysql://" + hostPart + ":" + port + "/" + database;
    };
  }

  /**
   * Driver properties: credentials, TLS, timeouts, then the guard's socket factory.
   *
   * @param connectTimeout how long opening a connection may take
   * @param socketTimeout how long one network read may block (a statement's bound)
   */
  public Map<String, String> jdbcProperties(Duration connectTimeout, Duration socketTimeout) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("user", username);
    properties.put("password", password.reveal());
    switch (engine) {
      case POSTGRESQL -> {
        properties.put("sslmode", ssl ? "require" : "prefer");
        properties.put("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        properties.put("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        properties.put("ApplicationName", "storeplane");
      }
      case MYSQL -> {
        properties.put("sslMode", ssl ? "REQUIRED" : "PREFERRED");
        properties.put("allowPublicKeyRetrieval", ssl ? "false" : "true");
        properties.put("connectTimeout", Long.toString(connectTimeout.toMillis()));
        properties.put("socketTimeout", Long.toString(socketTimeout.toMillis()));
        properties.put("connectionTimeZone", "UTC");
        properties.put("forceConnectionTimeZoneToSession", "true");
      }
    }
    properties.putAll(GuardedJdbc.jdbcProperties(engine));
    return properties;
  }

  /** {@link #jdbcProperties} as {@link Properties}, for {@code Driver.connect}. */
  public Properties driverProperties(Duration connectTimeout, Duration socketTimeout) {
    Properties properties = new Properties();
    properties.putAll(jdbcProperties(connectTimeout, socketTimeout));
    return properties;
  }

  /** Where the target is, without credentials: safe for logs and messages. */
  public String describe() {
    return engine.name().toLowerCase(java.util.Locale.ROOT)
        + "://"
        + host
        + ":"
        + port
        + "/"
        + database;
  }

  @Override
  public String toString() {
    return "DatabaseTarget[" + describe() + ", user=" + username + ", password=***]";
  }
}
