package io.storeplane.billing.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One store's usage over one period: a UTC day, or the days of one calendar month inside the asked
 * range. Counts over a month are the sums of its days; {@code products} and the storage figures are
 * the last rolled-up day's (absolute values, not sums).
 *
 * @param storeId the store
 * @param slug its slug
 * @param plan the plan it is on now
 * @param periodStart the period's first day in the range
 * @param periodEnd the period's last day in the range
 * @param apiCalls requests that concerned the store
 * @param clientErrors of which answered 4xx
 * @param serverErrors of which answered 5xx
 * @param orders orders created
 * @param revenue their total value
 * @param products products in the store (last rolled-up day)
 * @param productsCreated products created
 * @param productsUpdated products updated
 * @param productsDeleted products deleted
 * @param storageBytes database and media bytes (last rolled-up day)
 * @param storageMb the same in whole MiB, rounded up
 * @param bandwidthMb bandwidth
 * @param rolledUpAt when the rollup last wrote the period's rows; null before it did
 */
public record UsageRow(
    UUID storeId,
    String slug,
    String plan,
    LocalDate periodStart,
    LocalDate periodEnd,
    long apiCalls,
    long clientErrors,
    long serverErrors,
    long orders,
    BigDecimal revenue,
    long products,
    long productsCreated,
    long productsUpdated,
    long productsDeleted,
    long storageBytes,
    long storageMb,
    long bandwidthMb,
    Instant rolledUpAt) {}
