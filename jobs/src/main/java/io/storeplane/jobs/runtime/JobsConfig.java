package io.storeplane.jobs.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The job workers of this instance ({@code storeplane.jobs.*}). Every default is written once,
 * here; docs/configuration.md lists them.
 */
@ConfigMapping(prefix = "storeplane.jobs")
public interface JobsConfig {

  /** The workers. */
  Worker worker();

  /** How long the finished jobs of recurring schedules are kept (other jobs are kept for good). */
  @WithDefault("1d")
  Duration scheduledRetention();

  /** Job workers. */
  interface Worker {
    /** Whether this instance runs jobs at all (it still queues and reads them). */
    @WithDefault("true")
    boolean enabled();

    /** Jobs run at once by this instance: it never holds more leases than this. */
    @WithDefault("4")
    int threads();

    /** How often idle workers look for work (a job queued on this instance wakes them at once). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claim holds without renewal; a dead worker's job is taken over after this. */
    @WithDefault("30s")
    Duration lease();
  }
}
