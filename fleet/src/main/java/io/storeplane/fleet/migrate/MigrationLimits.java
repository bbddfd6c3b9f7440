package io.storeplane.fleet.migrate;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a migration may hold up a store's traffic: its sessions in the store's database wait at
 * most {@code lockTimeout} for a lock and run no statement longer than {@code statementTimeout};
 * past either the version fails with {@code schema-lock-timeout} and is tried again later.
 *
 * @param lockTimeout PostgreSQL {@code lock_timeout}; MySQL/MariaDB {@code lock_wait_timeout} and
 *     {@code innodb_lock_wait_timeout} (whole seconds, at least 1)
 * @param statementTimeout PostgreSQL {@code statement_timeout}; MariaDB {@code max_statement_time}
 *     (MySQL has no equivalent for DDL)
 */
public record MigrationLimits(Duration lockTimeout, Duration statementTimeout) {

  public MigrationLimits {
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (lockTimeout.toMillis() < 1 || statementTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "Migration timeouts must be at least 1 ms: lock %s, statement %s"
              .formatted(lockTimeout, statementTimeout));
    }
  }

  /** The PostgreSQL statements that set both for a session (or, with LOCAL, a transaction). */
  String postgresql(boolean local) {
    String scope = local ? "SET LOCAL " : "SET ";
    return scope
        + "lock_timeout = '"
        + lockTimeout.toMillis()
        + "ms';\n"
        + scope
        + "statement_timeout = '"
        + statementTimeout.toMillis()
        + "ms';\n";
  }

  /** The lock timeout in whole seconds for MySQL/MariaDB, rounded up, at least 1. */
  long mysqlLockSeconds() {
    return Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
  }

  /** The statement timeout in seconds for MariaDB's {@code max_statement_time}. */
  String mariadbStatementSeconds() {
    return "%d.%03d"
        .formatted(statementTimeout.toMillis() / 1000, statementTimeout.toMillis() % 1000);
  }
}
