package io.storeplane.testing.db;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/** The two database engines Storeplane tests run against. */
public enum Engine {
  POSTGRESQL("jdbc:postgresql://%s:%d/%s", "postgres"),
  MYSQL("jdbc:mysql://%s:%d/%s?allowPublicKeyRetrieval=true&useSSL=false", "");

  private final String urlPattern;
  private final String maintenanceDatabase;

  Engine(String urlPattern, String maintenanceDatabase) {
    this.urlPattern = urlPattern;
    this.maintenanceDatabase = maintenanceDatabase;
  }

  /** A JDBC URL for {@code database} on the given server; an empty name means "no database". */
  public String jdbcUrl(String host, int port, String database) {
    return urlPattern.formatted(host, port, database);
  }

  /**
   * Opens a connection with this engine's driver directly rather than through {@code
   * DriverManager}, which cannot see drivers loaded by another class loader (as after a Quarkus
   * test ran in the same JVM).
   */
  Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    Driver driver;
    if (this == POSTGRESQL) {
      properties.setProperty("connectTimeout", "3");
      driver = new org.postgresql.Driver();
    } else {
      properties.setProperty("connectTimeout", "3000");
      driver = new com.mysql.cj.jdbc.Driver();
    }
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("The " + this + " driver does not accept " + url);
    }
    return connection;
  }

  /** The database an admin connection opens when it only needs to create or drop others. */
  String maintenanceDatabase() {
    return maintenanceDatabase;
  }
}
