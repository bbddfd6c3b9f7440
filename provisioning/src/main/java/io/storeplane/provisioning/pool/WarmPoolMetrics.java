package io.storeplane.provisioning.pool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per managed server (tag {@code server}, its name): {@code storeplane.warm_pool.ready} (gauge:
 * READY entries at the current version, as of this instance's last refill or claim), {@code
 * storeplane.warm_pool.claims} (onboardings that took an entry), {@code
 * storeplane.warm_pool.misses} (onboardings that found the pool empty and fell back), {@code
 * storeplane.warm_pool.refills} (entries made) and {@code storeplane.warm_pool.drops} (entries
 * dropped: an old version, a refill that died, a pool switched off).
 */
public final class WarmPoolMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> ready = new ConcurrentHashMap<>();

  /** Metrics into {@code registry}; null records nothing. */
  public WarmPoolMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records nothing (tests, benchmarks). */
  public static WarmPoolMetrics none() {
    return new WarmPoolMetrics(null);
  }

  void claimed(String server) {
    count("storeplane.warm_pool.claims", "Onboardings that claimed a warm-pool database", server);
    gauge(server).updateAndGet(n -> Math.max(0, n - 1));
  }

  void missed(String server) {
    count(
        "storeplane.warm_pool.misses",
        "Onboardings that found no ready warm-pool database and created one",
        server);
  }

  void refilled(String server) {
    count("storeplane.warm_pool.refills", "Warm-pool databases made ready", server);
  }

  void dropped(String server) {
    count("storeplane.warm_pool.drops", "Warm-pool databases dropped unclaimed", server);
  }

  void level(String server, long readyNow) {
    gauge(server).set(readyNow);
  }

  private void count(String name, String description, String server) {
    if (registry != null) {
      Counter.builder(name)
          .description(description)
          .tag("server", server)
          .register(registry)
          .increment();
    }
  }

  private AtomicLong gauge(String server) {
    return ready.computeIfAbsent(
        server,
        s -> {
          AtomicLong value = new AtomicLong();
          if (registry != null) {
            Gauge.builder("storeplane.warm_pool.ready", value, AtomicLong::get)
                .description("Warm-pool databases ready on a managed server")
                .tag("server", s)
                .register(registry);
          }
          return value;
        });
  }
}
