package io.storeplane.billing.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A range of UTC days, both ends included. Checked by the caller (the api answers a bad one with
 * 400); here only what no caller may break.
 *
 * @param from the first day
 * @param to the last day, never before {@code from}
 */
public record DateRange(LocalDate from, LocalDate to) {

  public DateRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("A range ends on or after its first day");
    }
  }

  /** Days in the range, both ends counted. */
  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }
}
