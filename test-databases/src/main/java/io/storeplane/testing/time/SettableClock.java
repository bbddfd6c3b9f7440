package io.storeplane.testing.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, so leases, idle timeouts, cool-downs and retry waits pass without
 * sleeping. The one settable clock of every module's tests. Always UTC.
 */
public final class SettableClock extends Clock {

  /** Where {@link #SettableClock()} starts: a fixed instant, so runs repeat exactly. */
  public static final Instant FIXED_START = Instant.parse("2026-01-01T00:00:00Z");

  private volatile Instant now;

  /** A clock at {@link #FIXED_START}. */
  public SettableClock() {
    this(FIXED_START);
  }

  /**
   * A clock at {@code start}; {@code Instant.now()} for tests whose clock is compared with times a
   * real database writes.
   */
  public SettableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward. */
  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
