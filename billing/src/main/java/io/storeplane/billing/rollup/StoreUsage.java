package io.storeplane.billing.rollup;

import io.storeplane.billing.plan.Storage;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one store's database holds for one UTC day, as a rollup read it. Counts are absolute, so
 * reading the same day again gives the same values (storage excepted: it is measured when read).
 *
 * @param products products at the end of the day: those created before its end that still exist,
 *     plus those deleted since that were created before its end
 * @param productsCreated products created during the day (deleted since included)
 * @param productsUpdated products whose last change fell in the day and that were created before it
 * @param productsDeleted products deleted during the day (0 when {@code deletionsRecorded} is
 *     false)
 * @param deletionsRecorded whether the store's schema records deletions (client schema 3 and later)
 * @param orders orders created during the day
 * @param revenue the sum of their {@code grand_total}
 * @param ordersThisMonth orders created from the first of the day's month to the end of the day
 * @param databaseBytes the database's size when read
 * @param mediaBytes the sum of {@code media_library.size_bytes}
 */
public record StoreUsage(
    long products,
    long productsCreated,
    long productsUpdated,
    long productsDeleted,
    boolean deletionsRecorded,
    long orders,
    BigDecimal revenue,
    long ordersThisMonth,
    long databaseBytes,
    long mediaBytes) {

  public StoreUsage {
    Objects.requireNonNull(revenue, "revenue");
  }

  /** Database size plus media bytes. */
  public long storageBytes() {
    return databaseBytes + mediaBytes;
  }

  /**
   * {@link #storageBytes()} in whole MiB by {@link Storage}'s rule, rounded down (the unit of plans
   * and {@code stores}).
   */
  public long storageMb() {
    return Storage.mebibytes(storageBytes());
  }

  /** One line for the job's message: the values and what could not be counted. */
  public String summary() {
    StringBuilder text =
        new StringBuilder(
            "%d products (%d created, %d updated, %d deleted), %d orders worth %s, %d bytes stored"
                .formatted(
                    products,
                    productsCreated,
                    productsUpdated,
                    productsDeleted,
                    orders,
                    revenue.toPlainString(),
                    storageBytes()));
    if (!deletionsRecorded) {
      text.append("; deletions not counted (client schema older than version 3)");
    }
    return text.toString();
  }
}
