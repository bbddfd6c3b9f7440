package io.storeplane.fleet.migrate.runtime;

import io.storeplane.fleet.migrate.MigrationLimits;
import io.storeplane.fleet.migrate.StoreSchemaMigration;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.master.schema.StoreSchemaLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Quarkus glue: one {@link StoreSchemaMigration} on the master's ledger and schema lock, reaching
 * stores through {@link StoreSchemaTargets}, with the timeouts of {@code
 * storeplane.fleet.migration.*}.
 */
@ApplicationScoped
public class StoreSchemaMigrationProducer {

  @Produces
  @Singleton
  StoreSchemaMigration storeSchemaMigration(
      SchemaLedger ledger,
      StoreSchemaLock lock,
      StoreSchemaTargets targets,
      MigrationConfig config,
      Clock clock) {
    return new StoreSchemaMigration(
        ledger,
        lock,
        targets,
        new MigrationLimits(config.lockTimeout(), config.statementTimeout()),
        clock);
  }
}
