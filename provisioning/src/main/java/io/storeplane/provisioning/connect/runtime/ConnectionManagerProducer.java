package io.storeplane.provisioning.connect.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Quarkus glue: one {@link ConnectionManager} per application, built from {@code
 * storeplane.pools.*}, the master database and its resolver, closed (every store pool with it) at
 * shutdown.
 */
@ApplicationScoped
public class ConnectionManagerProducer {

  /** Created at start-up, so invalid {@code storeplane.pools.*} values stop the application. */
  @Produces
  @Singleton
  @Startup
  ConnectionManager connectionManager(
      PoolsConfig config,
      MasterStoreResolver resolver,
      DataSource master,
      Clock clock,
      MeterRegistry meters) {
    return new ConnectionManager(config.settings(), resolver, master, clock, meters);
  }

  void close(@Disposes ConnectionManager manager) {
    manager.close();
  }
}
