package io.storeplane.jobs;

import java.util.UUID;

/**
 * A job changed (queued, claimed, a step started or ended, progress, requeued, ended, cancel
 * requested): the event on topic {@code job.changed}. It names the job; who cares reads it.
 *
 * @param jobId the job
 * @param kind its kind
 * @param status its status after the change
 */
public record JobChanged(UUID jobId, String kind, JobStatus status) {}
