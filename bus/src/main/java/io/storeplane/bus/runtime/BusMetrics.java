package io.storeplane.bus.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.storeplane.bus.BusCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.function.ToLongFunction;

/**
 * The bus's counters of this instance as metrics ({@code storeplane_bus_*_total}): events
 * published, delivered (by path: local after commit, notification, backstop), backstop reads,
 * reconnects of the listening connection and subscriber failures. A backstop delivery means a
 * notification was missed; reconnects that keep rising mean the listening connection keeps dying.
 */
@ApplicationScoped
public class BusMetrics {

  void register(@Observes StartupEvent started, EventBus bus, Instance<MeterRegistry> registries) {
    if (!registries.isResolvable()) {
      return;
    }
    MeterRegistry registry = registries.get();
    counter(registry, bus, "published", "Events this instance published", BusCounters::published);
    counter(
        registry,
        bus,
        "delivered.local",
        "Events delivered to this instance's subscribers after its own commit",
        BusCounters::deliveredLocally);
    counter(
        registry,
        bus,
        "delivered.notify",
        "Other instances' events delivered by notification",
        BusCounters::deliveredByNotify);
    counter(
        registry,
        bus,
        "delivered.backstop",
        "Other instances' events delivered by the backstop read (a missed notification)",
        BusCounters::deliveredByBackstop);
    counter(registry, bus, "backstop.runs", "Backstop reads", BusCounters::backstopRuns);
    counter(
        registry,
        bus,
        "reconnects",
        "Reconnects of the listening connection",
        BusCounters::reconnects);
    counter(
        registry,
        bus,
        "handler.failures",
        "Subscribers that threw on an event",
        BusCounters::handlerFailures);
  }

  private static void counter(
      MeterRegistry registry,
      EventBus bus,
      String name,
      String description,
      ToLongFunction<BusCounters> read) {
    FunctionCounter.builder("storeplane.bus." + name, bus, b -> read.applyAsLong(b.counters()))
        .description(description)
        .register(registry);
  }
}
