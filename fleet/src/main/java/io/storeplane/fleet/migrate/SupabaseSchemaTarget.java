package io.storeplane.fleet.migrate;

import io.storeplane.clientschema.Dialect;
import io.storeplane.provisioning.supabase.schema.SqlRunner;
import io.storeplane.provisioning.supabase.schema.SupabaseSchemaChannel;

/**
 * A Supabase store reached through the SQL channel provisioning applies its schema through (run-SQL
 * with a Management API token, else direct Postgres): {@link SupabaseSchemaChannel}, with every
 * script prefixed by {@code SET LOCAL lock_timeout} and {@code statement_timeout} (each script runs
 * as one transaction).
 */
public final class SupabaseSchemaTarget implements SchemaTarget {

  private final SupabaseSchemaChannel channel;

  public SupabaseSchemaTarget(SqlRunner runner, MigrationLimits limits) {
    String prefix = limits.postgresql(true);
    this.channel = new SupabaseSchemaChannel(sql -> runner.run(prefix + sql));
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public int installedVersion() {
    return channel.installedVersion();
  }

  @Override
  public void migrateTo(int version) {
    channel.applyTo(version);
  }
}
