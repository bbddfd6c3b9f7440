package io.storeplane.bench;

import io.storeplane.provisioning.ProvisioningException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * A closed-loop load: {@code threads} threads call {@link Call#run(int)} on a store chosen by a
 * picker, back to back, for a warm-up and then a measured window. Latencies are kept per category
 * (e.g. live and dead stores); failures are counted by kind. A sampler thread records the peak
 * number of connections the database server holds for the bench's databases.
 */
final class LoadRun {

  /** One call on store {@code index}. */
  @FunctionalInterface
  interface Call {
    void run(int index) throws Exception;
  }

  /** What a run measured. */
  record Result(
      Map<String, Latencies> latencies,
      Map<String, Long> calls,
      Map<String, Long> failures,
      double seconds,
      int peakConnections,
      int stuckThreads) {

    Latencies latencies(String category) {
      return latencies.getOrDefault(category, new Latencies());
    }

    double throughput(String category) {
      return calls.getOrDefault(category, 0L) / seconds;
    }

    long failures(String kind) {
      return failures.getOrDefault(kind, 0L);
    }

    long failuresOtherThan(String kind) {
      return failures.entrySet().stream()
          .filter(e -> !e.getKey().equals(kind))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  /**
   * A worker still inside a call this long after the window ended is reported stuck and left behind
   * (it is a daemon thread), so a baseline that hangs on a dead server cannot hang the bench.
   */
  static final Duration STUCK_AFTER = Duration.ofSeconds(10);

  /** Latencies of failed calls are kept under their category with this suffix. */
  static final String FAILED = " failed";

  /** The failure kind of "the server refused: too many connections" in both engines. */
  static final String TOO_MANY = "too many connections";

  private LoadRun() {}

  static Result run(
      int threads,
      Duration warmUp,
      Duration measure,
      IntSupplier picker,
      IntFunction<String> category,
      Call call,
      ConnectionCount connections)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measure.toNanos();
    Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    List<Map<String, Latencies>> perThread = new ArrayList<>();
    AtomicInteger peak = new AtomicInteger();
    Thread sampler = sampler(connections, peak, end);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Map<String, Latencies> mine = new TreeMap<>();
      perThread.add(mine);
      Thread worker =
          new Thread(
              () -> {
                for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                  int index = picker.getAsInt();
                  String kind = category.apply(index);
                  long before = System.nanoTime();
                  try {
                    call.run(index);
                    long after = System.nanoTime();
                    if (before >= measureFrom && after <= end) {
                      mine.computeIfAbsent(kind, k -> new Latencies()).record(after - before);
                      calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                    }
                  } catch (Exception e) {
                    long after = System.nanoTime();
                    if (before >= measureFrom && after <= end) {
                      failures.computeIfAbsent(kindOf(e), k -> firstOfItsKind(e)).incrementAndGet();
                      mine.computeIfAbsent(kind + FAILED, k -> new Latencies())
                          .record(after - before);
                    }
                  }
                }
              },
              "bench-load-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    long giveUp = end + STUCK_AFTER.toNanos();
    int stuck = 0;
    for (Thread worker : workers) {
      worker.join(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
      stuck += worker.isAlive() ? 1 : 0;
    }
    sampler.join();
    Map<String, Latencies> merged = new TreeMap<>();
    for (String kind : perThread.stream().flatMap(m -> m.keySet().stream()).distinct().toList()) {
      merged.put(
          kind,
          Latencies.merge(
              perThread.stream().map(m -> m.get(kind)).filter(l -> l != null).toList()));
    }
    Map<String, Long> callCounts = new TreeMap<>();
    calls.forEach((k, v) -> callCounts.put(k, v.get()));
    Map<String, Long> failureCounts = new TreeMap<>();
    failures.forEach((k, v) -> failureCounts.put(k, v.get()));
    return new Result(
        merged, callCounts, failureCounts, measure.toNanos() / 1e9, peak.get(), stuck);
  }

  /** A new failure kind: a problem the manager did not name is printed once, with its stack. */
  private static AtomicLong firstOfItsKind(Exception e) {
    if (!(e instanceof ProvisioningException) && !TOO_MANY.equals(kindOf(e))) {
      System.err.println("First failure of kind " + kindOf(e) + ":");
      e.printStackTrace();
    }
    return new AtomicLong();
  }

  /** A picker choosing uniformly among {@code n} stores. */
  static IntSupplier uniform(int n) {
    return () -> ThreadLocalRandom.current().nextInt(n);
  }

  /**
   * A picker choosing among {@code n} stores with Zipf exponent {@code s}: store k (from 1) is
   * picked with a weight of 1/k^s, so a few stores get most calls, as real traffic does. {@code s =
   * 0} is uniform.
   */
  static IntSupplier zipf(int n, double s) {
    if (s == 0) {
      return uniform(n);
    }
    double[] cumulative = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      sum += 1 / Math.pow(k, s);
      cumulative[k - 1] = sum;
    }
    double total = sum;
    return () -> {
      int i =
          java.util.Arrays.binarySearch(
              cumulative, ThreadLocalRandom.current().nextDouble() * total);
      return Math.min(n - 1, i >= 0 ? i : -i - 1);
    };
  }

  /** The number of connections a database server holds for the bench now. */
  @FunctionalInterface
  interface ConnectionCount {
    int now() throws SQLException;
  }

  static ConnectionCount counting(BenchServers.Server server) throws SQLException {
    Connection admin = server.admin();
    return () -> server.connections(admin);
  }

  private static Thread sampler(ConnectionCount connections, AtomicInteger peak, long end) {
    Thread sampler =
        new Thread(
            () -> {
              while (System.nanoTime() < end) {
                try {
                  peak.accumulateAndGet(connections.now(), Math::max);
                  Thread.sleep(100);
                } catch (SQLException e) {
                  // the server may refuse even the sampler when it is full; try again
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  /** A short name for a failure, so the naive baseline's errors can be counted by kind. */
  static String kindOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase();
      if (message.contains("too many clients") || message.contains("too many connections")) {
        return TOO_MANY;
      }
      if (t instanceof SQLException sql && "53300".equals(sql.getSQLState())) {
        return TOO_MANY;
      }
    }
    if (e instanceof ProvisioningException p) {
      return p.code().code();
    }
    return e.getClass().getSimpleName();
  }
}
