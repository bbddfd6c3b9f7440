package io.storeplane.billing.metering;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** One store on one UTC day: the key of a {@code usage_metrics} row. */
record StoreDay(UUID storeId, LocalDate day) {

  StoreDay {
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(day, "day");
  }
}
