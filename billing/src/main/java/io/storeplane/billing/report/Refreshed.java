package io.storeplane.billing.report;

import java.time.Instant;
import java.util.Optional;

/**
 * What a report answers and how fresh it is.
 *
 * @param value the report
 * @param refreshedAt when the report tables were last refreshed (their figures are usage_metrics as
 *     of then); empty before the first refresh
 */
public record Refreshed<T>(T value, Optional<Instant> refreshedAt) {}
