package io.storeplane.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of items worked through by {@code clients} clients at once, each client taking the
 * next item as soon as it finished its last (a closed loop): every item is timed, and the batch's
 * wall time gives its throughput. Clients are made (connections opened) before the clock starts.
 * The first failure stops every client from taking another item and is thrown.
 */
final class ClosedLoop {

  /** One client: works on items one after another. */
  interface Client extends AutoCloseable {
    void run(int item) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /** What a batch measured: one latency per item and the wall time of the whole batch. */
  record Batch(Latencies latencies, double seconds) {

    double itemsPerSecond() {
      return latencies.count() / seconds;
    }

    double p50Millis() {
      return latencies.percentileMicros(50) / 1000;
    }

    double p99Millis() {
      return latencies.percentileMicros(99) / 1000;
    }

    double maxMillis() {
      return latencies.maxMicros() / 1000;
    }
  }

  private ClosedLoop() {}

  static Batch run(int clients, int count, Callable<Client> newClient) throws Exception {
    List<Client> made = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int c = 0; c < clients; c++) {
        made.add(newClient.call());
      }
      AtomicInteger next = new AtomicInteger();
      List<Future<Latencies>> futures = new ArrayList<>();
      long start = System.nanoTime();
      for (Client client : made) {
        futures.add(
            pool.submit(
                () -> {
                  Latencies latencies = new Latencies();
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long began = System.nanoTime();
                    try {
                      client.run(i);
                    } catch (Exception e) {
                      next.set(count);
                      throw e;
                    }
                    latencies.record(System.nanoTime() - began);
                  }
                  return latencies;
                }));
      }
      List<Latencies> parts = new ArrayList<>();
      for (Future<Latencies> future : futures) {
        parts.add(result(future));
      }
      return new Batch(Latencies.merge(parts), (System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      for (Client client : made) {
        client.close();
      }
    }
  }

  private static Latencies result(Future<Latencies> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
