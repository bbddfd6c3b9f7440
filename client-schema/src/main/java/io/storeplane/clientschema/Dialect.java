package io.storeplane.clientschema;

/**
 * The SQL dialects a store database can speak. Each has its own migration location; both produce
 * the same schema.
 */
public enum Dialect {
  /** PostgreSQL 13 or newer, including Supabase stores. */
  POSTGRESQL("postgresql"),
  /** MySQL 8.0.16 or newer and MariaDB 10.11: one portable dialect for both. */
  MYSQL("mysql");

  private final String directory;

  Dialect(String directory) {
    this.directory = directory;
  }

  /** The folder under {@code db/client/} that holds this dialect's migrations. */
  public String directory() {
    return directory;
  }
}
