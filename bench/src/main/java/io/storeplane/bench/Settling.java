package io.storeplane.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets the machine settle before a measured batch, so a batch does not pay for the work of the one
 * before it: a {@code CHECKPOINT} on the local PostgreSQL (it returns once the server has written
 * every dirty page, so the checkpointer does not flush a previous phase's clones and drops inside
 * the batch), then a wait until one {@link #WINDOW} of the whole machine is at most {@link
 * #QUIET_PERCENT} busy, I/O wait counted as busy, or {@link #AT_MOST} has passed. The floors and
 * the paths settle alike; each wait is kept for the run's summary.
 */
final class Settling {

  /** How busy the machine may be, in per cent of all its CPUs, to count as settled. */
  static final double QUIET_PERCENT = 10;

  /** The window a settled machine must stay quiet for. */
  static final Duration WINDOW = Duration.ofSeconds(1);

  /** How long a batch waits for the machine at most; it is measured anyway after that. */
  static final Duration AT_MOST = Duration.ofSeconds(60);

  private final BenchServers.Server postgres;
  private final List<Double> waits = new ArrayList<>();
  private int unsettled;

  Settling(BenchServers.Server postgres) {
    this.postgres = postgres;
  }

  /** Checkpoints PostgreSQL and waits for a quiet machine (at most {@link #AT_MOST}). */
  void settle() throws SQLException, InterruptedException {
    long start = System.nanoTime();
    try (Connection admin = postgres.admin();
        Statement statement = admin.createStatement()) {
      statement.execute("CHECKPOINT");
    }
    boolean quiet = false;
    while (!quiet && System.nanoTime() - start < AT_MOST.toNanos()) {
      MachineCpu.Sample before = MachineCpu.sample();
      Thread.sleep(WINDOW.toMillis());
      // NaN (no /proc/stat): nothing to wait for
      quiet = !(MachineCpu.sample().busyOrWaitingPercentSince(before) > QUIET_PERCENT);
    }
    waits.add((System.nanoTime() - start) / 1e9);
    if (!quiet) {
      unsettled++;
    }
  }

  /** One line for the run's output: how long the batches waited, and how many never settled. */
  String summary() {
    if (waits.isEmpty()) {
      return "";
    }
    List<Double> sorted = waits.stream().sorted().toList();
    return ("Each measured batch started on a settled machine (CHECKPOINT, then a %d s window at"
            + " most %.0f %% busy, I/O wait included): waited %.1f s at the median, %.1f s at"
            + " most, over %d batches%s.")
        .formatted(
            WINDOW.toSeconds(),
            QUIET_PERCENT,
            sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1),
            sorted.size(),
            unsettled == 0
                ? ""
                : "; %d did not settle within %d s and were measured anyway"
                    .formatted(unsettled, AT_MOST.toSeconds()));
  }
}
