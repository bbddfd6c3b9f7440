package io.storeplane.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time that serving a load costs, counted per process rather than inferred from throughput:
 * the control plane's own process and the PostgreSQL backends connected to the databases a run
 * names (read from {@code pg_stat_activity}). A window's cost is the difference of two {@link
 * #sample samples}; a process that appears only in the second counts from zero, one that ended
 * between them is lost (the control plane's pools keep their backends, so in a steady window none
 * end). Only meaningful with the PostgreSQL server on this machine (its processes are read from
 * {@code /proc} through {@link ProcessHandle}); the shared server processes (WAL writer,
 * checkpointer, ...) are not counted.
 */
final class ServerCpu {

  /** CPU nanoseconds per process id at one moment: the control plane and the named backends. */
  record Sample(long appNanos, Map<Long, Long> backendNanos) {

    /** The CPU spent from {@code earlier} to this sample: the app's, then the backends'. */
    Window since(Sample earlier) {
      long backends = 0;
      for (Map.Entry<Long, Long> backend : backendNanos.entrySet()) {
        backends += backend.getValue() - earlier.backendNanos.getOrDefault(backend.getKey(), 0L);
      }
      return new Window(appNanos - earlier.appNanos, backends);
    }
  }

  /** CPU spent in a window by the control plane and by its PostgreSQL backends. */
  record Window(long appNanos, long backendNanos) {

    long totalNanos() {
      return appNanos + backendNanos;
    }
  }

  private static final String BACKENDS =
      "SELECT pid FROM pg_stat_activity WHERE datname = ANY (?) AND pid <> pg_backend_pid()";

  private final long appPid;
  private final List<String> databases;

  /**
   * @param appPid the control plane's process id
   * @param databases the databases whose backends count (the master and the store's)
   */
  ServerCpu(long appPid, List<String> databases) {
    this.appPid = appPid;
    this.databases = List.copyOf(databases);
  }

  /** The CPU time of the control plane and of the backends connected to the databases now. */
  Sample sample(Connection postgres) throws SQLException {
    Map<Long, Long> backends = new HashMap<>();
    try (PreparedStatement statement = postgres.prepareStatement(BACKENDS)) {
      statement.setArray(1, postgres.createArrayOf("text", databases.toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          long pid = rows.getLong(1);
          backends.put(pid, cpuNanos(pid));
        }
      }
    }
    return new Sample(cpuNanos(appPid), backends);
  }

  /**
   * The CPU time the JIT compiler threads of the JVM {@code pid} have spent so far ({@code
   * /proc/<pid>/task/*}, threads named {@code C1 CompilerThre…} and {@code C2 CompilerThre…}), in
   * nanoseconds; NaN when Linux's {@code /proc} cannot be read. A compiler thread the JVM stopped
   * takes its time with it, so over a window this can only undercount.
   */
  static double compilerNanos(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
            ticks += DatabaseServerCpu.ownTicks(task.resolve("stat")).orElse(0);
          }
        } catch (IOException ended) {
          // the thread ended while being read
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return ticks * 1e9 / DatabaseServerCpu.TICKS_PER_SECOND;
  }

  /** A process's CPU time so far, in nanoseconds; 0 when it cannot be read. */
  static long cpuNanos(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(process -> process.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(0L);
  }
}
