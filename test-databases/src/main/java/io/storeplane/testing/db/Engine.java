package io.storeplane.testing.db;

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

  /** The database an admin connection opens when it only needs to create or drop others. */
  String maintenanceDatabase() {
    return maintenanceDatabase;
  }
}
