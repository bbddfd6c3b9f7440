package io.storeplane.billing.requestlog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code storeplane.request-log.*}: the request log's sampling, queue, writer and partitions. */
@ConfigMapping(prefix = "storeplane.request-log")
public interface RequestLogConfig {

  /** Whether requests are logged at all; {@code false} starts no writer and queues nothing. */
  @WithDefault("true")
  boolean enabled();

  /** The share of store requests logged, 0 to 1: 1 logs every request, 0 none. */
  @WithDefault("1.0")
  double sampleRate();

  /** The most entries waiting for the writer; more are dropped and counted. */
  @WithDefault("10000")
  int queueCapacity();

  /** The most entries one write (one COPY) carries; a full batch is written at once. */
  @WithDefault("500")
  int batchSize();

  /** The longest an entry waits for its batch to fill before it is written anyway. */
  @WithDefault("1s")
  Duration flushInterval();

  /** How long a graceful shutdown may take to write what is still queued. */
  @WithDefault("10s")
  Duration shutdownTimeout();

  /** Days after today whose partitions the maintenance job keeps ready. */
  @WithDefault("7")
  int partitionsAhead();

  /** Settings the core classes take: validated once, at start-up. */
  default RequestLogSettings settings() {
    return new RequestLogSettings(
        enabled(),
        sampleRate(),
        queueCapacity(),
        batchSize(),
        flushInterval(),
        shutdownTimeout(),
        partitionsAhead());
  }
}
