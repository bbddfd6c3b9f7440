package io.storeplane.billing.report;

import java.util.Locale;
import java.util.Optional;

/** What the store analytics rank stores by, highest first. */
public enum RankBy {
  /** API calls in the range. */
  CALLS("api_calls DESC"),
  /** Orders in the range. */
  ORDERS("orders DESC"),
  /** The orders' value in the range. */
  REVENUE("revenue DESC"),
  /** Growth of API calls from the range's first half to its second; stores without one last. */
  GROWTH("calls_growth DESC NULLS LAST");

  /** Fixed SQL, chosen by the constant, never from the caller's text. */
  final String order;

  RankBy(String order) {
    this.order = order;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RankBy> parse(String text) {
    for (RankBy by : values()) {
      if (by.wire().equalsIgnoreCase(text)) {
        return Optional.of(by);
      }
    }
    return Optional.empty();
  }
}
