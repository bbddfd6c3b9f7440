package io.storeplane.provisioning.connect.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.supabase.CallRetryPolicy;
import io.storeplane.provisioning.supabase.runtime.SupabaseClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Quarkus glue: one {@link ConnectionManager} per application, built from {@code
 * storeplane.pools.*}, the master database and its resolver, closed (every store pool with it) at
 * shutdown. Supabase stores get Data API clients from {@link SupabaseClients} with the pools'
 * connect and query timeouts and no retries: like a JDBC call, a failed call fails fast and counts
 * for the store's breaker, and the caller decides whether to try again.
 */
@ApplicationScoped
public class ConnectionManagerProducer {

  /** Created at start-up, so invalid {@code storeplane.pools.*} values stop the application. */
  @Produces
  @Singleton
  @Startup
  ConnectionManager connectionManager(
      PoolsConfig config,
      MasterRouteResolver resolver,
      DataSource master,
      Clock clock,
      MeterRegistry meters,
      SupabaseClients supabase) {
    PoolSettings settings = config.settings();
    return new ConnectionManager(
        settings,
        resolver,
        master,
        clock,
        meters,
        target ->
            supabase.dataApi(
                target.projectUrl(),
                target.serviceRoleKey(),
                settings.connectTimeout(),
                settings.queryTimeout(),
                CallRetryPolicy.NONE));
  }

  void close(@Disposes ConnectionManager manager) {
    manager.close();
  }
}
