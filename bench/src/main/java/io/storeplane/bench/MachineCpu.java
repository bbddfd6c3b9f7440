package io.storeplane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine's CPUs were over a window, from Linux's {@code /proc/stat}: every
 * process counts (the databases, the control plane, the bench, and anything else running), so a
 * figure near 100 % says the window was bound by CPU. NaN where {@code /proc/stat} is missing.
 */
final class MachineCpu {

  /** The machine's CPU counters at one moment, in clock ticks. */
  record Sample(long busy, long ioWait, long total) {

    /** The share of CPU time busy from {@code earlier} to this sample, in per cent. */
    double busyPercentSince(Sample earlier) {
      long total = this.total - earlier.total;
      return total <= 0 ? Double.NaN : 100.0 * (busy - earlier.busy) / total;
    }

    /**
     * The share of CPU time busy or waiting for I/O from {@code earlier} to this sample, in per
     * cent: a machine whose disks still write is not idle.
     */
    double busyOrWaitingPercentSince(Sample earlier) {
      long total = this.total - earlier.total;
      return total <= 0
          ? Double.NaN
          : 100.0 * (busy + ioWait - earlier.busy - earlier.ioWait) / total;
    }
  }

  private MachineCpu() {}

  /** Reads the counters now: everything but idle and I/O wait is busy. */
  static Sample sample() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      long idle = 0;
      long ioWait = 0;
      // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        long ticks = Long.parseLong(fields[i]);
        total += ticks;
        if (i == 4) {
          idle = ticks;
        } else if (i == 5) {
          ioWait = ticks;
        }
      }
      return new Sample(total - idle - ioWait, ioWait, total);
    } catch (IOException | RuntimeException e) {
      return new Sample(0, 0, 0);
    }
  }
}
