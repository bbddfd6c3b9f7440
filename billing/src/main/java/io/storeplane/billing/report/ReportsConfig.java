package io.storeplane.billing.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Usage reads and reports ({@code storeplane.reports.*}). Every default is written once, here;
 * docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.reports")
public interface ReportsConfig {

  /**
   * How long after one refresh of the report tables ended the next one starts (a fixed-delay
   * schedule of the job kind {@code usage.reports}, run once across the cluster).
   */
  @WithDefault("5m")
  Duration refreshInterval();

  /**
   * The longest range, in days with both ends counted, a usage read or a report may ask for; a
   * longer one is refused (400 {@code validation-failed} on {@code to}).
   */
  @WithDefault("366")
  int maxDays();
}
