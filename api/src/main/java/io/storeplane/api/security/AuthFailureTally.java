package io.storeplane.api.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts failed authentication per client address in windows aligned to the epoch, for the audit
 * trail: each window yields one {@link Counts} per address, handed out once. At most {@code
 * maxAddresses} addresses are itemised per window; the rest share one row (address {@code null}),
 * so neither memory nor the audit table grows with the number of addresses in a flood.
 */
final class AuthFailureTally {

  /**
   * One address's counts in one window.
   *
   * @param address the client address, or {@code null} for the addresses beyond the limit
   * @param windowStart the window's start, inclusive
   * @param windowEnd its end, exclusive
   * @param failures failed authentications (each cost a lookup, or was malformed)
   * @param refused calls refused with 429 during the address's cool-down (no lookup)
   */
  record Counts(
      String address, Instant windowStart, Instant windowEnd, long failures, long refused) {}

  private final long windowMillis;
  private final int maxAddresses;
  private final List<Counts> closed = new ArrayList<>();
  private long windowStart = Long.MIN_VALUE;
  private Map<String, long[]> current = new TreeMap<>();
  private long[] others = new long[2];

  AuthFailureTally(Duration window, int maxAddresses) {
    if (window.toMillis() < 1 || maxAddresses < 0) {
      throw new IllegalArgumentException("window must be >= 1 ms and maxAddresses >= 0");
    }
    this.windowMillis = window.toMillis();
    this.maxAddresses = maxAddresses;
  }

  synchronized void failed(String address, Instant now) {
    count(address, now, 0);
  }

  synchronized void refused(String address, Instant now) {
    count(address, now, 1);
  }

  /** The windows that ended by {@code now}, oldest first; each is handed out once. */
  synchronized List<Counts> closed(Instant now) {
    roll(now);
    return handOut();
  }

  /** Everything counted, the open window's counts too (for shutdown). */
  synchronized List<Counts> drain() {
    close();
    return handOut();
  }

  private void count(String address, Instant now, int which) {
    roll(now);
    long[] counts = current.get(address);
    if (counts == null) {
      if (current.size() < maxAddresses) {
        counts = new long[2];
        current.put(address, counts);
      } else {
        counts = others;
      }
    }
    counts[which]++;
  }

  /** Closes the open window when {@code now} is past it (a clock stepping back counts in it). */
  private void roll(Instant now) {
    long start = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
    if (start > windowStart) {
      close();
      windowStart = start;
    }
  }

  private void close() {
    if (current.isEmpty() && others[0] == 0 && others[1] == 0) {
      return;
    }
    Instant start = Instant.ofEpochMilli(windowStart);
    Instant end = start.plusMillis(windowMillis);
    current.forEach(
        (address, counts) -> closed.add(new Counts(address, start, end, counts[0], counts[1])));
    if (others[0] != 0 || others[1] != 0) {
      closed.add(new Counts(null, start, end, others[0], others[1]));
    }
    current = new TreeMap<>();
    others = new long[2];
  }

  private List<Counts> handOut() {
    List<Counts> out = List.copyOf(closed);
    closed.clear();
    return out;
  }
}
