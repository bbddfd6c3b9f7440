/**
 * The one engine for durable work (docs/jobs.md).
 *
 * <p>A module registers a {@link io.storeplane.jobs.JobKind} (provisioning today; billing, fleet
 * and events next) and queues {@link io.storeplane.jobs.NewJob jobs} of it through the {@link
 * io.storeplane.jobs.JobStore}. The {@link io.storeplane.jobs.JobEngine} of every instance claims
 * runnable jobs with {@code FOR UPDATE SKIP LOCKED}, never more than it has free threads, and holds
 * a lease it renews; the {@link io.storeplane.jobs.JobRunner} runs the kind, whose named steps
 * ({@link io.storeplane.jobs.JobContext#step}) are recorded as they start and end, and retries
 * transient failures ({@link io.storeplane.jobs.RetryPolicy}, judged by the error model). A job
 * whose worker died is taken over when its lease expires; the dead attempt's open steps are closed
 * as abandoned. Recurring {@link io.storeplane.jobs.JobSchedule schedules} queue one job per period
 * across the cluster; {@link io.storeplane.jobs.JobLimits} cap a kind's parallelism in all and per
 * database server.
 *
 * <p>The engine is framework-free (a {@link java.time.Clock}, a {@link
 * io.storeplane.jobs.JobTransactions}); package {@code runtime} wires it into the application.
 */
package io.storeplane.jobs;
