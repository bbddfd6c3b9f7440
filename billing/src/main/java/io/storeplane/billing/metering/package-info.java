/**
 * API-call metering and the API quota (docs/usage.md, "API calls: metering"): {@link
 * io.storeplane.billing.metering.UsageMeter} counts every store request in memory per store and UTC
 * day (calls, client errors, server errors and a latency histogram in {@link
 * io.storeplane.billing.metering.LatencyBuckets}); {@link
 * io.storeplane.billing.metering.UsageFlusher} adds those counts to {@code usage_metrics} in one
 * transaction per batch, with the batch's id in {@code usage_flushes} so a retried batch counts
 * once; {@link io.storeplane.billing.metering.ApiQuota} holds store tokens to their plan's daily
 * API quota. The api module schedules the flushes and hooks the quota ({@code api.usage}).
 */
package io.storeplane.billing.metering;
