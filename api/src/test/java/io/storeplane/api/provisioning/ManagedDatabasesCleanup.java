package io.storeplane.api.provisioning;

import io.quarkus.runtime.ShutdownEvent;
import io.storeplane.jobs.JobEngine;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.server.DatabaseServerService;
import io.storeplane.provisioning.server.ServerAdmin;
import io.storeplane.provisioning.server.TemplateDatabases;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    awaitRunningJobs();
    List<Store> placed =
        stores.list("databaseServerId is not null and databaseName is not null").stream()
            .filter(store -> store.databaseType.managed())
            .toList();
    dropInParallel(placed);
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

  /**
   * Drops the stores' databases and logins eight at a time: each PostgreSQL DROP DATABASE waits for
   * a checkpoint, and concurrent drops share one (48 stores left by one test took most of a minute
   * one by one).
   */
  private void dropInParallel(List<Store> placed) {
    Map<UUID, DatabaseLogin> admins = new HashMap<>();
    for (Store store : placed) {
      if (!admins.containsKey(store.databaseServerId)) {
        try {
          admins.put(
              store.databaseServerId, servers.adminLogin(servers.get(store.databaseServerId)));
        } catch (RuntimeException e) {
          LOG.warnf("Could not read server %s: %s", store.databaseServerId, e.getMessage());
          admins.put(store.databaseServerId, null);
        }
      }
    }
    ExecutorService droppers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> drops = new ArrayList<>();
      for (Store store : placed) {
        DatabaseLogin admin = admins.get(store.databaseServerId);
        if (admin != null) {
          drops.add(droppers.submit(() -> drop(admin, store.databaseName)));
        }
      }
      for (Future<?> drop : drops) {
        drop.get();
      }
    } catch (ExecutionException e) {
      LOG.warnf("A test database drop failed: %s", e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      droppers.shutdown();
    }
  }

  private static void drop(DatabaseLogin login, String database) {
    ServerAdmin admin = ServerAdmin.of(login.engine());
    try (Connection connection = login.open()) {
      admin.dropDatabase(connection, database);
      admin.dropLogin(connection, database);
    } catch (Exception e) {
      LOG.warnf("Could not drop test database %s: %s", database, e.getMessage());
    }
  }

  /**
   * A refill still making a pool database when the engine was closed (interrupted after its ten
   * seconds, a JDBC call carries on) would create it after the pool's rows were dropped below, and
   * leave it holding objects of the template's role on the shared server, where the next test's
   * {@code TemplateDatabases.dropAll} cannot drop that role. So wait until no job runs.
   */
  private void awaitRunningJobs() {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (engine.busy() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (engine.busy() > 0) {
      LOG.warnf("%d job(s) still running after two minutes; dropping anyway", engine.busy());
    }
  }
}
