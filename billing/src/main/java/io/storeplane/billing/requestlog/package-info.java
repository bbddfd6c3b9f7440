/**
 * The request log (issue 17, docs/usage.md "The request log"): every {@link
 * io.storeplane.billing.request.StoreRequest}, sampled, goes through a bounded queue to a
 * background writer that COPYs it in batches into {@code api_usage_logs}, a table range-partitioned
 * by UTC day. A full queue drops and counts; a request never waits for the log. The job kind {@code
 * billing.request-log-partitions} creates the coming days' partitions and drops those past the
 * retention ({@code storeplane.retention.request-logs}).
 *
 * <p>The core ({@link io.storeplane.billing.requestlog.RequestLog}, {@link
 * io.storeplane.billing.requestlog.RequestLogTable}, {@link
 * io.storeplane.billing.requestlog.RequestLogPartitions}) is plain Java over a {@code DataSource};
 * {@link io.storeplane.billing.requestlog.RequestLogObserver} and {@link
 * io.storeplane.billing.requestlog.RequestLogPartitionsKind} are its CDI glue.
 */
package io.storeplane.billing.requestlog;
