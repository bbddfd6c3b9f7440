package io.storeplane.provisioning.connect;

import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ErrorCode;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.guard.GuardedJdbc;
import io.storeplane.provisioning.guard.JdbcEngine;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a store's JDBC database is and how to log in: the JDBC URL and the driver properties, with
 * the outbound guard's socket factory merged last so nothing can override it. The password lives
 * only in memory ({@link SecretString}) and never reaches the URL, a log line or {@link
 * #toString()}.
 *
 * @param engine the driver to use
 * @param host host name or address
 * @param port TCP port
 * @param database the database (schema, on MySQL)
 * @param username login
 * @param password login password (empty for trust authentication)
 * @param ssl whether TLS is required
 */
public record JdbcTarget(
    JdbcEngine engine,
    String host,
    int port,
    String database,
    String username,
    SecretString password,
    boolean ssl) {

  public JdbcTarget {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /**
   * The target an integration config describes: settings {@code host}, {@code port}, {@code
   * database}, {@code username}, {@code ssl} and the secret {@code password}.
   *
   * @param pool the pool name, for the message when a setting is missing
   * @throws ProvisioningException {@link ErrorCode#STORE_NOT_CONNECTED} when a setting is missing
   */
  public static JdbcTarget fromSettings(
      String pool, JdbcEngine engine, Map<String, Object> settings, IntegrationSecrets secrets) {
    return new JdbcTarget(
        engine,
        required(pool, settings, "host"),
        Integer.parseInt(required(pool, settings, "port")),
        required(pool, settings, "database"),
        required(pool, settings, "username"),
        secrets.get("password").orElse(SecretString.of("")),
        Boolean.parseBoolean(String.valueOf(settings.getOrDefault("ssl", "false"))));
  }

  /** The JDBC URL, without credentials or parameters. */
  public String jdbcUrl() {
    String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    String scheme = engine == JdbcEngine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mysql://";
    return scheme + hostPart + ":" + port + "/" + database;
  }

  /**
   * The driver properties: login, TLS mode, then the outbound guard's properties ({@link
   * GuardedJdbc}), which win over anything set before them.
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
    GuardedJdbc.jdbcProperties(engine).forEach(properties::setProperty);
    return properties;
  }

  @Override
  public String toString() {
    return "JdbcTarget[%s %s as %s, ssl=%s]".formatted(engine, jdbcUrl(), username, ssl);
  }

  private static String required(String pool, Map<String, Object> settings, String key) {
    Object value = settings.get(key);
    if (value == null || String.valueOf(value).isBlank()) {
      throw new ProvisioningException(
          ErrorCode.STORE_NOT_CONNECTED,
          "Pool " + pool + ": the store's database connection has no '" + key + "' setting.");
    }
    return String.valueOf(value);
  }
}
