package io.storeplane.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.storeplane.master.server.DatabaseEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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

  @Test
  void aBackendBusyBeforeTheWindowAndEndedInItCountsLittle() throws Exception {
    BenchServers.Server postgres = BenchServers.Server.of(DatabaseEngine.POSTGRESQL);
    try (Connection admin = postgres.admin()) {
      DatabaseServerCpu servers = DatabaseServerCpu.find(admin, null, "postgres");
      long pid;
      Path stat;
      try (Connection busy = postgres.admin();
          Statement statement = busy.createStatement()) {
        try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
          row.next();
          pid = row.getLong(1);
        }
        stat = Path.of("/proc", Long.toString(pid), "stat");
        assumeTrue(Files.isReadable(stat), "the PostgreSQL server runs on this machine");
        // at least 0.3 s of CPU in the backend before the window
        for (int round = 0;
            round < 50 && DatabaseServerCpu.ownTicks(stat).orElse(0) < 30;
            round++) {
          statement.execute("SELECT count(*) FROM generate_series(1, 2000000)");
        }
        assertThat(DatabaseServerCpu.ownTicks(stat).orElse(0)).isGreaterThanOrEqualTo(30);
        DatabaseServerCpu.Sample start = servers.sample(admin);
        assertThat(start.children()).containsKey(pid);
        busy.close();
        for (int wait = 0; wait < 100 && Files.exists(stat); wait++) {
          Thread.sleep(20);
        }
        assertThat(stat).doesNotExist();

        DatabaseServerCpu.Window window = servers.sample(admin).since(start);

        // the backend's exit and whatever else ended meanwhile, not its 0.3 s before the window
        assertThat(window.endedSeconds()).isBetween(0.0, 0.2);
      }
    }
  }
}
