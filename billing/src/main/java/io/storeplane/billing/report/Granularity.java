package io.storeplane.billing.report;

import java.util.Locale;
import java.util.Optional;

/** How usage rows are grouped: one per store and UTC day, or one per store and calendar month. */
public enum Granularity {
  DAY,
  MONTH;

  /** The wire form: {@code day}, {@code month}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The granularity of a wire form, ignoring case; empty for anything else. */
  public static Optional<Granularity> parse(String text) {
    for (Granularity g : values()) {
      if (g.wire().equalsIgnoreCase(text)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
