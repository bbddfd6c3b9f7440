package io.storeplane.api.usage;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.storeplane.billing.metering.FlushResult;
import io.storeplane.billing.metering.UsageFlusher;
import io.storeplane.billing.metering.UsageMeter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Scheduling glue for API-call metering (built in {@code billing.metering}): a flush every {@code
 * storeplane.metering.flush-interval}, and a last one when the application stops, while the master
 * database is still open. A kill -9 loses what was counted since the last flush, at most one
 * interval (docs/usage.md).
 */
@ApplicationScoped
public class MeteringFlushes {

  private static final Logger LOG = Logger.getLogger(MeteringFlushes.class);

  private final UsageMeter meter;
  private final UsageFlusher flusher;

  MeteringFlushes(UsageMeter meter, UsageFlusher flusher) {
    this.meter = meter;
    this.flusher = flusher;
  }

  @Scheduled(
      every = "${storeplane.metering.flush-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void flush() {
    if (meter.active()) {
      flusher.flush(); // never throws: a failure is logged and its batch retried next time
    }
  }

  /**
   * Graceful shutdown: what was counted since the last flush is written before the master closes.
   */
  void stop(@Observes ShutdownEvent event) {
    if (!meter.active()) {
      return;
    }
    FlushResult last = flusher.flush();
    if (last.succeeded()) {
      LOG.debugf("Metering flushed %d store-days at shutdown", last.storeDays());
    } else {
      LOG.warn("Metering could not flush at shutdown; the counts since the last flush are lost");
    }
  }
}
