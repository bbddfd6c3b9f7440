package io.storeplane.api.provisioning;

import io.quarkus.runtime.ShutdownEvent;
import io.storeplane.jobs.JobEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Test-only bean: when the test application stops, drops every managed database and login the
 * tests' stores were given, on the shared PostgreSQL and MariaDB servers, so no test leaves one
 * behind (tests that purge their stores leave nothing for this to do).
 */
@ApplicationScoped
public class ManagedDatabasesCleanup {

  private static final Logger LOG = Logger.getLogger(ManagedDatabasesCleanup.class);

  private final StoreRepository stores;
  private final DatabaseServerService servers;

  private final JobEngine engine;
  private final TemplateDatabases templates;
  private final WarmPool pool;

  ManagedDatabasesCleanup(
      StoreRepository stores,
      DatabaseServerService servers,
      JobEngine engine,
      TemplateDatabases templates,
      WarmPool pool) {
    this.stores = stores;
    this.servers = servers;
    this.engine = engine;
    this.templates = templates;
    this.pool = pool;
  }

  @Transactional
  void dropAll(@Observes @Priority(1) ShutdownEvent event) {
    engine.close();
    List<Store> placed = stores.list("databaseServerId is not null and databaseName is not null");
    for (Store store : placed) {
      if (!store.databaseType.managed()) {
        continue;
      }
      DatabaseServer server = servers.get(store.databaseServerId);
      ServerAdmin admin = ServerAdmin.of(server.engine);
      try (Connection connection = servers.adminLogin(server).open()) {
        admin.dropDatabase(connection, store.databaseName);
        admin.dropLogin(connection, store.databaseName);
      } catch (Exception e) {
        LOG.warnf("Could not drop test database %s: %s", store.databaseName, e.getMessage());
      }
    }
    for (DatabaseServerService.ServerUsage usage : servers.list()) {
      try {
        pool.dropUnclaimed(usage.server());
      } catch (Exception e) {
        LOG.warnf("Could not drop the warm pool of %s: %s", usage.server().name, e.getMessage());
      }
      if (usage.server().engine == io.storeplane.master.server.DatabaseEngine.POSTGRESQL) {
        try {
          templates.dropAll(usage.server());
        } catch (Exception e) {
          LOG.warnf("Could not drop the templates of %s: %s", usage.server().name, e.getMessage());
        }
      }
    }
    LOG.infof("Dropped the managed databases of %d test store(s)", placed.size());
  }
}
