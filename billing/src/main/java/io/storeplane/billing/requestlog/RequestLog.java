package io.storeplane.billing.requestlog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.storeplane.billing.request.StoreRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * The request log's queue and writer: {@link #offer} samples an entry and puts it in a bounded
 * queue without ever waiting (a full queue drops it and counts it); one daemon thread takes batches
 * of up to {@code batch-size} entries, as soon as a batch is full or {@code flush-interval} after
 * its first entry, and hands each to the {@link BatchWriter}. A batch the writer fails is counted
 * and dropped (the log is best effort: a master outage must not grow memory). {@link #close} writes
 * what is queued, within {@code shutdown-timeout}.
 *
 * <p>Counters (Micrometer): {@code storeplane.request-log.written}, {@code .dropped} (queue full),
 * {@code .sampled-out}, {@code .batch-failures} (batches) and {@code .failed} (their entries); the
 * gauge {@code storeplane.request-log.queued}.
 */
public final class RequestLog implements AutoCloseable {

  /** Writes one batch; throws when nothing of it was written. */
  @FunctionalInterface
  public interface BatchWriter {
    void write(List<StoreRequest> batch) throws Exception;
  }

  private static final Logger LOG = Logger.getLogger(RequestLog.class);
  private static final long IDLE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final Duration FAILURE_LOG_EVERY = Duration.ofMinutes(1);

  private final RequestLogSettings settings;
  private final BatchWriter writer;
  private final DoubleSupplier random;
  private final ArrayBlockingQueue<StoreRequest> queue;
  private final Counter written;
  private final Counter dropped;
  private final Counter sampledOut;
  private final Counter batchFailures;
  private final Counter failed;
  private final Thread thread;
  private volatile boolean stopping;
  private long lastFailureLogNanos;
  private long failuresSinceLog;

  /**
   * @param random a uniform draw in [0, 1) per request (sampling)
   */
  public RequestLog(
      RequestLogSettings settings,
      BatchWriter writer,
      MeterRegistry registry,
      DoubleSupplier random) {
    this.settings = settings;
    this.writer = writer;
    this.random = random;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.written = counter(registry, "written", "Request log entries written to api_usage_logs");
    this.dropped =
        counter(registry, "dropped", "Request log entries dropped because the queue was full");
    this.sampledOut =
        counter(registry, "sampled-out", "Store requests not logged by the sampling rate");
    this.batchFailures =
        counter(registry, "batch-failures", "Request log batches the database did not take");
    this.failed = counter(registry, "failed", "Request log entries lost in failed batches");
    Gauge.builder("storeplane.request-log.queued", queue, ArrayBlockingQueue::size)
        .description("Request log entries waiting for the writer")
        .register(registry);
    this.thread = new Thread(this::run, "storeplane-request-log");
    this.thread.setDaemon(true);
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder("storeplane.request-log." + name)
        .description(description)
        .register(registry);
  }

  /** Starts the writer thread. */
  public RequestLog start() {
    if (settings.enabled()) {
      thread.start();
    }
    return this;
  }

  /**
   * Queues {@code request} if the sampling rate keeps it: never blocks, never throws.
   *
   * @return whether it was queued
   */
  public boolean offer(StoreRequest request) {
    if (!settings.enabled() || stopping) {
      return false;
    }
    double rate = settings.sampleRate();
    if (rate < 1 && !(random.getAsDouble() < rate)) {
      sampledOut.increment();
      return false;
    }
    if (queue.offer(request)) {
      return true;
    }
    dropped.increment();
    return false;
  }

  /** Entries waiting for the writer. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    long intervalNanos = settings.flushInterval().toNanos();
    List<StoreRequest> batch = new ArrayList<>(settings.batchSize());
    while (!stopping) {
      try {
        long deadline = 0;
        while (batch.size() < settings.batchSize() && !stopping) {
          long wait =
              batch.isEmpty()
                  ? IDLE_SLICE_NANOS
                  : Math.min(deadline - System.nanoTime(), IDLE_SLICE_NANOS);
          if (!batch.isEmpty() && wait <= 0) {
            break;
          }
          StoreRequest first = queue.poll(wait, TimeUnit.NANOSECONDS);
          if (first == null) {
            continue;
          }
          if (batch.isEmpty()) {
            deadline = System.nanoTime() + intervalNanos;
          }
          batch.add(first);
          queue.drainTo(batch, settings.batchSize() - batch.size());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!batch.isEmpty()) {
        write(batch);
        batch.clear();
      }
    }
    // Stopping: what was taken and what is queued is written, batch by batch.
    queue.drainTo(batch, settings.batchSize() - batch.size());
    while (!batch.isEmpty()) {
      write(batch);
      batch.clear();
      queue.drainTo(batch, settings.batchSize());
    }
  }

  private void write(List<StoreRequest> batch) {
    try {
      writer.write(batch);
      written.increment(batch.size());
    } catch (Exception e) {
      batchFailures.increment();
      failed.increment(batch.size());
      failuresSinceLog++;
      long now = System.nanoTime();
      // A master outage fails every batch: one line a minute says so, with the count.
      if (lastFailureLogNanos == 0 || now - lastFailureLogNanos >= FAILURE_LOG_EVERY.toNanos()) {
        LOG.warnf(
            "The request log could not write %d entries (%d failed batches since the last such"
                + " line; entries are dropped, requests are not affected): %s",
            batch.size(), failuresSinceLog, e.getMessage());
        lastFailureLogNanos = now;
        failuresSinceLog = 0;
      }
    }
  }

  /**
   * Stops taking entries and writes what is queued, waiting at most {@code shutdown-timeout}; what
   * is left after it is lost, and said so in the log.
   */
  @Override
  public void close() {
    stopping = true;
    if (!thread.isAlive()) {
      return;
    }
    try {
      thread.join(Math.max(1, settings.shutdownTimeout().toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warnf(
          "The request log did not write its queue within %s; %d entries are lost",
          settings.shutdownTimeout(), queue.size());
    }
  }
}
