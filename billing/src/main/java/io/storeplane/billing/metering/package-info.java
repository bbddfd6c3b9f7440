/**
 * API-call metering: per-store counters in memory (calls, client errors, server errors and a
 * latency histogram in {@link io.storeplane.billing.metering.LatencyBuckets}), flushed as additive
 * upserts into {@code usage_metrics}.
 */
package io.storeplane.billing.metering;
