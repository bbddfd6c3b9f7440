package io.storeplane.billing.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One UTC day and the instants a rollup counts between: {@code [start, end)}, and the start of its
 * calendar month (the period of a store's {@code order_count}).
 *
 * @param date the day
 */
public record UsageDay(LocalDate date) {

  public UsageDay {
    Objects.requireNonNull(date, "date");
  }

  /** 00:00 UTC of the day. */
  public Instant start() {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** 00:00 UTC of the next day (exclusive). */
  public Instant end() {
    return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** 00:00 UTC of the first day of the day's month. */
  public Instant monthStart() {
    return date.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The day before the one {@code now} falls on, in UTC: what the daily schedule rolls up. */
  public static UsageDay before(Instant now) {
    return new UsageDay(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1));
  }

  @Override
  public String toString() {
    return date.toString();
  }
}
