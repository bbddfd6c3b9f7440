package io.storeplane.fleet.drift;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code storeplane.fleet.drift.stores} (gauge, tag {@code state}: clean, drifted, unreachable):
 * stores whose last schema check found that state, as of this instance's last check or report read.
 */
@ApplicationScoped
public class DriftMetrics {

  private static final Logger LOG = Logger.getLogger(DriftMetrics.class);

  private final DriftRecords records;
  private final Map<DriftState, AtomicLong> stores = new EnumMap<>(DriftState.class);

  DriftMetrics(DriftRecords records, MeterRegistry registry) {
    this.records = records;
    for (DriftState state : DriftState.values()) {
      AtomicLong value = new AtomicLong();
      stores.put(state, value);
      Gauge.builder("storeplane.fleet.drift.stores", value, AtomicLong::get)
          .description("Stores whose last schema check found this state")
          .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
  }

  /** Reads the counts again from the master; a failure keeps the last values. */
  public void refresh() {
    try {
      records.counts().forEach((state, n) -> stores.get(state).set(n));
    } catch (RuntimeException e) {
      LOG.warnf("Could not refresh the drift gauges: %s", e.getMessage());
    }
  }
}
