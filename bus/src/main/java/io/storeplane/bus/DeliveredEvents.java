package io.storeplane.bus;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequence numbers of the events this instance delivered recently, so an event that arrives
 * both by notification and by the backstop is delivered once. Bounded in time (a number is
 * forgotten after {@code window}, which outlasts the backstop's lookback) and in size ({@link
 * #MAX_ENTRIES}, the oldest forgotten first). Not thread-safe: only the listener thread uses it.
 */
final class DeliveredEvents {

  /** At most this many numbers are remembered. */
  static final int MAX_ENTRIES = 100_000;

  private final long windowNanos;
  private final Map<Long, Long> deliveredAt = new LinkedHashMap<>();

  DeliveredEvents(java.time.Duration window) {
    this.windowNanos = window.toNanos();
  }

  /**
   * Records {@code seq} as delivered at {@code nowNanos} ({@link System#nanoTime()}).
   *
   * @return whether it is the first time, i.e. whether to deliver it
   */
  boolean firstDelivery(long seq, long nowNanos) {
    prune(nowNanos);
    if (deliveredAt.containsKey(seq)) {
      return false;
    }
    deliveredAt.put(seq, nowNanos);
    return true;
  }

  int size() {
    return deliveredAt.size();
  }

  private void prune(long nowNanos) {
    Iterator<Map.Entry<Long, Long>> oldestFirst = deliveredAt.entrySet().iterator();
    while (oldestFirst.hasNext()) {
      Map.Entry<Long, Long> oldest = oldestFirst.next();
      if (deliveredAt.size() < MAX_ENTRIES && nowNanos - oldest.getValue() < windowNanos) {
        return;
      }
      oldestFirst.remove();
    }
  }
}
