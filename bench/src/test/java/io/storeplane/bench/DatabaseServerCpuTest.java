package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storeplane.master.server.DatabaseEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseServerCpuTest {

  @Test
  void aProcessThatEndsInAWindowCountsOnlyItsTimeInsideIt() {
    // child 7 had spent 30 ticks at the start and 35 when it ended; child 8 lives on
    var before = new DatabaseServerCpu.Sample(200, Map.of(), 100, Map.of(7L, 30L, 8L, 50L), -1);
    var after = new DatabaseServerCpu.Sample(225, Map.of(), 135, Map.of(8L, 60L), -1);

    DatabaseServerCpu.Window window = after.since(before);

    assertThat(window.endedSeconds()).isEqualTo(0.05);
    assertThat(window.postgresSeconds()).isEqualTo(0.25);
    assertThat(window.mysqlSeconds()).isNaN();
  }

  /**
   * A real backend, busy before the window and ended in it: a sample reads it among the live
   * children with its time, and once it is reaped the postmaster's reaped time holds its whole
   * life, which is what {@link DatabaseServerCpu.Sample#since} takes its earlier time off. Other
   * sessions of a shared server only add to the reaped time, so the bounds hold beside them.
   */
  @Test
  void readsABackendsTimeWhileItLivesAndItsWholeLifeOnceReaped() throws Exception {
    BenchServers.Server postgres = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    // busy is closed in the middle, to end its backend; closing it again is a no-op
    try (Connection admin = open(postgres);
        Connection busy = postgres.admin()) {
      DatabaseServerCpu servers = DatabaseServerCpu.find(admin, null, "postgres");
      long pid;
      try (Statement statement = busy.createStatement()) {
        try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
          row.next();
          pid = row.getLong(1);
        }
      }
      Path stat = Path.of("/proc", Long.toString(pid), "stat");
      assumeTrue(Files.isReadable(stat), "the PostgreSQL server runs on this machine");
      // at least 0.3 s of CPU in the backend before the window
      try (Statement statement = busy.createStatement()) {
        for (int round = 0;
            round < 50 && DatabaseServerCpu.ownTicks(stat).orElse(0) < 30;
            round++) {
          statement.execute("SELECT count(*) FROM generate_series(1, 2000000)");
        }
      }
      DatabaseServerCpu.Sample start = servers.sample(admin);
      busy.close();
      for (int wait = 0; wait < 250 && Files.exists(stat); wait++) {
        Thread.sleep(20);
      }
      assertThat(stat).as("backend %d reaped", pid).doesNotExist();
      DatabaseServerCpu.Sample end = servers.sample(admin);

      long before = start.children().get(pid);
      assertThat(before).isGreaterThanOrEqualTo(30);
      assertThat(end.children()).doesNotContainKey(pid);
      assertThat(end.reaped() - start.reaped()).isGreaterThanOrEqualTo(before);
      assertThat(end.since(start).endedSeconds())
          .isGreaterThanOrEqualTo(0)
          .isLessThan(
              (end.reaped() - start.reaped()) / (double) DatabaseServerCpu.TICKS_PER_SECOND);
    }
  }

  private static Connection open(BenchServers.Server postgres) {
    try {
      return postgres.admin();
    } catch (SQLException e) {
      assumeTrue(false, "no PostgreSQL at " + postgres.host() + ":" + postgres.port());
      throw new IllegalStateException(e);
    }
  }
}
