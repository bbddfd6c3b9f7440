package io.storeplane.fleet.preflight.runtime;

import io.storeplane.fleet.drift.StoreSchemaReader;
import io.storeplane.fleet.preflight.MigrationPreflight;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Quarkus glue: one {@link MigrationPreflight} on the master's ledger, reading stores as drift
 * does, {@code storeplane.fleet.preflight.parallelism} stores at a time within half the
 * ConnectionManager's budget.
 */
@ApplicationScoped
public class MigrationPreflightProducer {

  @Produces
  @Singleton
  MigrationPreflight migrationPreflight(
      SchemaLedger ledger,
      StoreSchemaReader reader,
      ConnectionManager connections,
      PreflightConfig config,
      Clock clock) {
    // a configured 0 or less is refused by MigrationPreflight, never rounded up silently
    int parallelism =
        Math.min(config.parallelism(), Math.max(1, connections.status().budget() / 2));
    return new MigrationPreflight(ledger, reader, clock, parallelism);
  }
}
