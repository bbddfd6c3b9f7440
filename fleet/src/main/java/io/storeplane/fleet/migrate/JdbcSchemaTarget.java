package io.storeplane.fleet.migrate;

import io.storeplane.clientschema.Dialect;
import io.storeplane.clientschema.migrate.ClientSchemaMigrator;
import javax.sql.DataSource;

/**
 * A PostgreSQL or MySQL/MariaDB store reached over JDBC with its own login: the client schema's
 * {@link ClientSchemaMigrator} on a data source whose sessions carry the {@link MigrationLimits}.
 * The data source must open connections of its own (not a pool shared with the store's traffic);
 * the target keeps the ones it opened for its next calls ({@link MigrationSessions}) until it is
 * closed.
 */
public final class JdbcSchemaTarget implements SchemaTarget {

  private final Dialect dialect;
  private final MigrationSessions sessions;
  private final ClientSchemaMigrator migrator;

  /**
   * @param name names the store's database in errors (e.g. {@code store-acme})
   * @param store opens new connections to the store's database
   */
  public JdbcSchemaTarget(String name, DataSource store, Dialect dialect, MigrationLimits limits) {
    this.dialect = dialect;
    this.sessions =
        new MigrationSessions(name, new LimitedDataSource(name, store, dialect, limits));
    this.migrator = new ClientSchemaMigrator(sessions, dialect);
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public int installedVersion() {
    return migrator.installedVersion();
  }

  @Override
  public void migrateTo(int version) {
    migrator.migrateTo(version);
  }

  @Override
  public void close() {
    sessions.close();
  }
}
