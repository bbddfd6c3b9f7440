/**
 * The daily usage rollup: what each store's own database holds for one UTC day (products and their
 * changes, orders and their value, storage), read through the ConnectionManager on every backend
 * ({@link io.storeplane.billing.rollup.StoreUsageReader}), written as absolute values into {@code
 * usage_metrics} and the store's counters ({@link io.storeplane.billing.rollup.UsageRollupWriter}),
 * one job per store and day on the job engine ({@link
 * io.storeplane.billing.rollup.StoreRollupKind}), queued daily for every active store ({@link
 * io.storeplane.billing.rollup.DailyRollupKind}) or on request ({@link
 * io.storeplane.billing.rollup.RollupService}).
 */
package io.storeplane.billing.rollup;
