package io.storeplane.bus;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * This instance's subscribers by topic name, and the calling of them: a subscriber that throws is
 * logged and the others are still called.
 */
final class Subscribers {

  private static final System.Logger LOG = System.getLogger(Subscribers.class.getName());

  private final Map<String, List<Subscriber<?>>> byTopic = new ConcurrentHashMap<>();
  private final LongAdder failures = new LongAdder();

  <T> Subscription add(Topic<T> topic, Consumer<? super T> handler) {
    Subscriber<T> subscriber = new Subscriber<>(topic, handler);
    byTopic.computeIfAbsent(topic.name(), name -> new CopyOnWriteArrayList<>()).add(subscriber);
    return () -> byTopic.getOrDefault(topic.name(), List.of()).remove(subscriber);
  }

  /** Calls the topic's subscribers with an event this instance holds as an object. */
  <T> void deliver(Topic<T> topic, T event) {
    for (Subscriber<?> subscriber : byTopic.getOrDefault(topic.name(), List.of())) {
      if (subscriber.topic().type() == topic.type()) {
        call(subscriber, topic.type().cast(event), topic.name(), "local");
      } else {
        callWithJson(subscriber, topic.encode(event), "local");
      }
    }
  }

  /** Calls the topic's subscribers with an event read from the master database. */
  void deliver(BusEvent event) {
    for (Subscriber<?> subscriber : byTopic.getOrDefault(event.topic(), List.of())) {
      callWithJson(subscriber, event.payload(), "seq " + event.seq());
    }
  }

  long failures() {
    return failures.sum();
  }

  private <T> void callWithJson(Subscriber<T> subscriber, String json, String which) {
    T decoded;
    try {
      decoded = subscriber.topic().decode(json);
    } catch (BusException e) {
      failures.increment();
      LOG.log(Level.ERROR, "Bus event " + which + " was not delivered: " + e.getMessage(), e);
      return;
    }
    call(subscriber, decoded, subscriber.topic().name(), which);
  }

  @SuppressWarnings("unchecked")
  private <T> void call(Subscriber<T> subscriber, Object event, String topic, String which) {
    try {
      subscriber.handler().accept((T) event);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      failures.increment();
      LOG.log(
          Level.ERROR,
          "A subscriber of bus topic " + topic + " failed on event " + which + ": " + e,
          e);
    }
  }

  private record Subscriber<T>(Topic<T> topic, Consumer<? super T> handler) {}
}
