package io.storeplane.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.PoolSettings;
import io.storeplane.provisioning.database.DatabaseLogin;
import io.storeplane.provisioning.guard.HostResolver;
import io.storeplane.provisioning.guard.OutboundGuard;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.provisioning.guard.OutboundPolicy;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Properties;
import javax.sql.DataSource;

/** What every scenario shares: the manager under test, the guard, rows, heap and machine facts. */
final class Bench {

  private Bench() {}

  /** The bench reaches databases on this machine: the dev and test outbound policy. */
  static void allowLocalDatabases() {
    OutboundGuards.install(
        new OutboundGuard(
            OutboundPolicy.builder().allowLoopback(true).allowPrivate(true).build(),
            HostResolver.system()));
  }

  static ConnectionManager manager(PoolSettings settings, StoreSet stores) {
    return new ConnectionManager(
        settings, stores, unusedMaster(), Clock.systemUTC(), new SimpleMeterRegistry());
  }

  /**
   * The driver properties of the bench's own connections and pools (the baselines): the connect and
   * socket timeouts of the pools the manager opens with default settings, so a comparison differs
   * only in what the manager adds.
   */
  static Properties driverProperties(DatabaseLogin target) {
    PoolSettings defaults = PoolSettings.builder().build();
    return target.driverProperties(
        defaults.connectTimeout(), defaults.socketTimeout(), "storeplane-bench");
  }

  /** Heap in use after a full collection, in bytes. */
  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return "%d cores, %d MiB max heap, Java %s, %s %s"
        .formatted(
            runtime.availableProcessors(),
            runtime.maxMemory() / (1024 * 1024),
            System.getProperty("java.version"),
            System.getProperty("os.name"),
            System.getProperty("os.arch"));
  }

  private static DataSource unusedMaster() {
    return new org.postgresql.ds.PGSimpleDataSource();
  }
}
