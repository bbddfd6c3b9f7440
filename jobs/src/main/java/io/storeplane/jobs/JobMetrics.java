package io.storeplane.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per kind: {@code storeplane.jobs.queued}, {@code .running} and {@code .oldest.due.seconds}
 * (gauges, cluster-wide, refreshed from the master database by the engine), {@code
 * storeplane.jobs.runs} (a timer per outcome: succeeded, retrying, failed, waiting, cancelled,
 * stopped, lease-lost), {@code storeplane.jobs.failures} (a counter per error code) and {@code
 * storeplane.jobs.claim.delay} (due to started, on this instance).
 */
public final class JobMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong[]> gauges = new ConcurrentHashMap<>();

  /** Metrics into {@code registry}; null records nothing. */
  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records nothing (tests, benchmarks). */
  public static JobMetrics none() {
    return new JobMetrics(null);
  }

  void ran(String kind, String outcome, Duration took) {
    if (registry != null) {
      Timer.builder("storeplane.jobs.runs")
          .description("Runs of a job by a worker, by kind and outcome")
          .tag("kind", kind)
          .tag("outcome", outcome)
          .register(registry)
          .record(took);
    }
  }

  void failed(String kind, String code) {
    if (registry != null) {
      Counter.builder("storeplane.jobs.failures")
          .description("Failed runs of a job, by kind and error code")
          .tag("kind", kind)
          .tag("code", code)
          .register(registry)
          .increment();
    }
  }

  void claimed(String kind, Duration waited) {
    if (registry != null) {
      Timer.builder("storeplane.jobs.claim.delay")
          .description("From due to taken by a worker of this instance")
          .tag("kind", kind)
          .register(registry)
          .record(waited.isNegative() ? Duration.ZERO : waited);
    }
  }

  /** Sets the cluster-wide gauges; kinds missing from {@code stats} read zero. */
  void refresh(List<String> kinds, List<JobStore.KindStats> stats) {
    if (registry == null) {
      return;
    }
    for (String kind : kinds) {
      AtomicLong[] values = gauge(kind);
      values[0].set(0);
      values[1].set(0);
      values[2].set(0);
    }
    for (JobStore.KindStats stat : stats) {
      AtomicLong[] values = gauge(stat.kind());
      values[0].set(stat.queued());
      values[1].set(stat.running());
      values[2].set(stat.oldestDue().toSeconds());
    }
  }

  private AtomicLong[] gauge(String kind) {
    return gauges.computeIfAbsent(
        kind,
        k -> {
          AtomicLong[] values = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
          Gauge.builder("storeplane.jobs.queued", values[0], AtomicLong::get)
              .description("Jobs queued, cluster-wide")
              .tag("kind", k)
              .register(registry);
          Gauge.builder("storeplane.jobs.running", values[1], AtomicLong::get)
              .description("Jobs running, cluster-wide")
              .tag("kind", k)
              .register(registry);
          Gauge.builder("storeplane.jobs.oldest.due.seconds", values[2], AtomicLong::get)
              .description("How long the oldest due job has waited for a worker")
              .tag("kind", k)
              .register(registry);
          return values;
        });
  }
}
