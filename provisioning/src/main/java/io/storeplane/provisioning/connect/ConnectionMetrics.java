package io.storeplane.provisioning.connect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ConnectionManager's Micrometer meters. Per-store series are bounded: the {@code topStores}
 * busiest pools (by calls since the last refresh, then active connections) get their own {@code
 * pool} tag and every other pool is summed under {@code pool=other}, so a process serving thousands
 * of stores exports a fixed number of series.
 *
 * <ul>
 *   <li>{@code storeplane.pools.open}, {@code .draining}: open and draining pools
 *   <li>{@code storeplane.pools.budget}, {@code .reserved}: the global budget and the connections
 *       open pools reserve against it
 *   <li>{@code storeplane.pools.waiting}: callers waiting for budget now
 *   <li>{@code storeplane.pools.waits}, {@code .rejections}: callers that had to wait for budget,
 *       and those that got {@code connection-capacity-exhausted}
 *   <li>{@code storeplane.pools.evictions{reason=idle|lru|rebuild|breaker|refused}}: pools closed
 *       or replaced
 *   <li>{@code storeplane.pools.breakers{state=closed|open|half-open}}: stores per breaker state
 *   <li>{@code storeplane.pools.breaker.transitions{state=...}}: breaker state changes
 *   <li>{@code storeplane.pool.connections{pool, state=active|idle}}: connections per pool
 * </ul>
 */
final class ConnectionMetrics {

  private final MeterRegistry registry;
  private final int topStores;
  private final Counter waits;
  private final Counter rejections;
  private final Map<String, Counter> evictions = new HashMap<>();
  private final Map<BreakerState, Counter> transitions = new EnumMap<>(BreakerState.class);
  private final MultiGauge connections;
  private final Map<String, Long> previousUses = new HashMap<>();

  ConnectionMetrics(MeterRegistry registry, int topStores) {
    this.registry = registry;
    this.topStores = topStores;
    this.waits =
        Counter.builder("storeplane.pools.waits")
            .description("Callers that waited for connection budget")
            .register(registry);
    this.rejections =
        Counter.builder("storeplane.pools.rejections")
            .description("Callers refused with connection-capacity-exhausted")
            .register(registry);
    for (String reason : List.of("idle", "lru", "rebuild", "breaker")) {
      evictions.put(
          reason,
          Counter.builder("storeplane.pools.evictions")
              .description("Store pools closed or replaced")
              .tag("reason", reason)
              .register(registry));
    }
    for (BreakerState state : BreakerState.values()) {
      transitions.put(
          state,
          Counter.builder("storeplane.pools.breaker.transitions")
              .description("Circuit breaker state changes, by the state entered")
              .tag("state", state.wireName())
              .register(registry));
    }
    this.connections =
        MultiGauge.builder("storeplane.pool.connections")
            .description("Connections of the busiest store pools; the rest summed as pool=other")
            .register(registry);
  }

  /** Registers the gauges that read the manager's live state. */
  void gauges(
      Supplier<Number> open,
      Supplier<Number> draining,
      int budget,
      Supplier<Number> reserved,
      Supplier<Number> waiting,
      Function<BreakerState, Number> breakers) {
    Gauge.builder("storeplane.pools.open", open).description("Open store pools").register(registry);
    Gauge.builder("storeplane.pools.draining", draining)
        .description("Replaced store pools finishing their last calls")
        .register(registry);
    Gauge.builder("storeplane.pools.budget", () -> budget)
        .description("The most connections all store pools may hold")
        .register(registry);
    Gauge.builder("storeplane.pools.reserved", reserved)
        .description("Connections open store pools reserve against the budget")
        .register(registry);
    Gauge.builder("storeplane.pools.waiting", waiting)
        .description("Callers waiting for connection budget now")
        .register(registry);
    for (BreakerState state : BreakerState.values()) {
      Gauge.builder("storeplane.pools.breakers", () -> breakers.apply(state))
          .description("Stores whose circuit breaker is in this state")
          .tag("state", state.wireName())
          .register(registry);
    }
  }

  void waited() {
    waits.increment();
  }

  void rejected() {
    rejections.increment();
  }

  void evicted(String reason, int pools) {
    evictions.get(reason).increment(pools);
  }

  void breakerTransition(BreakerState state) {
    transitions.get(state).increment();
  }

  /** Recomputes the per-pool series from the open pools (called by the sweep). */
  synchronized void refresh(List<PoolActivity> pools) {
    List<PoolActivity> ranked = new ArrayList<>();
    Map<String, Long> uses = new HashMap<>();
    for (PoolActivity pool : pools) {
      long delta = pool.uses() - previousUses.getOrDefault(pool.name(), 0L);
      uses.put(pool.name(), pool.uses());
      ranked.add(new PoolActivity(pool.name(), delta, pool.active(), pool.idle()));
    }
    previousUses.clear();
    previousUses.putAll(uses);
    ranked.sort(
        Comparator.comparingLong(PoolActivity::uses)
            .thenComparingInt(PoolActivity::active)
            .reversed()
            .thenComparing(PoolActivity::name));
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    int otherActive = 0;
    int otherIdle = 0;
    for (int i = 0; i < ranked.size(); i++) {
      PoolActivity pool = ranked.get(i);
      if (i < topStores) {
        rows.add(MultiGauge.Row.of(Tags.of("pool", pool.name(), "state", "active"), pool.active()));
        rows.add(MultiGauge.Row.of(Tags.of("pool", pool.name(), "state", "idle"), pool.idle()));
      } else {
        otherActive += pool.active();
        otherIdle += pool.idle();
      }
    }
    if (ranked.size() > topStores) {
      rows.add(MultiGauge.Row.of(Tags.of("pool", "other", "state", "active"), otherActive));
      rows.add(MultiGauge.Row.of(Tags.of("pool", "other", "state", "idle"), otherIdle));
    }
    connections.register(rows, true);
  }

  /** One pool's calls (a running total) and connections, as the sweep saw them. */
  record PoolActivity(String name, long uses, int active, int idle) {}
}
