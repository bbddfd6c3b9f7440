package io.storeplane.fleet.migrate.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a migration of a store's database may hold up the store's traffic ({@code
 * storeplane.fleet.migration.*}); docs/configuration.md lists the keys.
 */
@ConfigMapping(prefix = "storeplane.fleet.migration")
public interface MigrationConfig {

  /**
   * The longest a migration's session waits for a lock in the store's database (PostgreSQL {@code
   * lock_timeout}; MySQL/MariaDB {@code lock_wait_timeout} and {@code innodb_lock_wait_timeout},
   * rounded up to whole seconds). The store's queries that queue behind the migration's waiting DDL
   * wait no longer than this; the version then fails with {@code schema-lock-timeout} and is tried
   * again later.
   */
  @WithDefault("3s")
  Duration lockTimeout();

  /**
   * The longest one statement of a migration runs (PostgreSQL {@code statement_timeout}; MariaDB
   * {@code max_statement_time}; MySQL has no equivalent for DDL): a rewrite of a large table that
   * takes longer fails with {@code schema-lock-timeout} instead of holding its locks on.
   */
  @WithDefault("60s")
  Duration statementTimeout();
}
