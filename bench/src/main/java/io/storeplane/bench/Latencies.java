package io.storeplane.bench;

import java.util.Arrays;

/**
 * Call latencies in nanoseconds, recorded without locks (one instance per thread), merged after.
 */
final class Latencies {

  private long[] nanos = new long[1 << 16];
  private int count;

  void record(long value) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = value;
  }

  int count() {
    return count;
  }

  static Latencies merge(Iterable<Latencies> parts) {
    Latencies all = new Latencies();
    for (Latencies part : parts) {
      for (int i = 0; i < part.count; i++) {
        all.record(part.nanos[i]);
      }
    }
    Arrays.sort(all.nanos, 0, all.count);
    return all;
  }

  /** The {@code p}-th percentile in microseconds; call on a merged (sorted) instance. */
  double percentileMicros(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(count - 1, Math.ceil(p / 100.0 * count) - 1);
    return nanos[Math.max(0, index)] / 1000.0;
  }

  double maxMicros() {
    return count == 0 ? Double.NaN : nanos[count - 1] / 1000.0;
  }

  double meanMicros() {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      sum += nanos[i];
    }
    return count == 0 ? Double.NaN : sum / 1000.0 / count;
  }
}
