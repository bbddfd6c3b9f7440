package io.storeplane.billing.requestlog;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.storeplane.billing.request.StoreRequest;
import io.storeplane.billing.request.StoreRequestObserver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The request log as a {@link StoreRequestObserver}: every store request the api answers is offered
 * to one {@link RequestLog} (sampled, queued, never waited for), whose writer COPYs batches into
 * the master's {@code api_usage_logs}. The log and its writer thread are built at start-up (what is
 * answered before is not logged); a graceful shutdown writes what is queued before the master's
 * pool closes.
 */
@Singleton
public class RequestLogObserver implements StoreRequestObserver {

  private static final Logger LOG = Logger.getLogger(RequestLogObserver.class);

  private final boolean enabled;
  private volatile RequestLog log;

  RequestLogObserver(RequestLogConfig config) {
    this.enabled = config.enabled();
  }

  void start(
      @Observes StartupEvent started,
      RequestLogConfig config,
      DataSource master,
      MeterRegistry registry) {
    RequestLogSettings settings = config.settings();
    RequestLogTable table = new RequestLogTable(master);
    log =
        new RequestLog(
                settings,
                batch -> table.write(batch, RequestLogTable.Method.COPY),
                registry,
                () -> ThreadLocalRandom.current().nextDouble())
            .start();
    LOG.infof(
        "Request log %s: sample rate %s, queue %d, batches of %d every %s",
        settings.enabled() ? "on" : "off",
        settings.sampleRate(),
        settings.queueCapacity(),
        settings.batchSize(),
        settings.flushInterval());
  }

  /** Whether requests are logged at all ({@code storeplane.request-log.enabled}). */
  @Override
  public boolean active() {
    return enabled;
  }

  @Override
  public void observed(StoreRequest request) {
    RequestLog current = log;
    if (current != null) {
      current.offer(request);
    }
  }

  /** Entries waiting for the writer. */
  public int queued() {
    RequestLog current = log;
    return current == null ? 0 : current.queued();
  }

  /** Writes what is queued while the master database is still open. */
  void stop(@Observes ShutdownEvent event) {
    close();
  }

  @PreDestroy
  void close() {
    RequestLog current = log;
    if (current != null) {
      current.close();
    }
  }
}
