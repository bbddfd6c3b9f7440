package io.storeplane.provisioning.guard;

import java.util.Locale;

/** The JDBC drivers store databases are reached with. */
public enum JdbcEngine {
  /** PostgreSQL and Supabase, through pgjdbc ({@code jdbc:postgresql:}). */
  POSTGRESQL,
  /** MySQL 8 and MariaDB, through Connector/J ({@code jdbc:mysql:}). */
  MYSQL;

  /**
   * The engine a JDBC URL is for.
   *
   * @throws IllegalArgumentException for any other driver (including {@code jdbc:mariadb:}, whose
   *     driver the guard does not cover)
   */
  public static JdbcEngine fromJdbcUrl(String url) {
    String lower = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (lower.startsWith("jdbc:mysql:")) {
      return MYSQL;
    }
    throw new IllegalArgumentException(
        "Only jdbc:postgresql: and jdbc:mysql: URLs are supported, not " + JdbcUrls.redact(url));
  }
}
