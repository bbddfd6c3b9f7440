package io.storeplane.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * The record of one step of one attempt of a job.
 *
 * @param jobId the job
 * @param step the step's name, e.g. {@code apply-schema}
 * @param attempt the attempt
 * @param status how it went
 * @param message what it did
 * @param startedAt start
 * @param finishedAt end (null while running)
 */
public record JobStepRecord(
    UUID jobId,
    String step,
    int attempt,
    StepStatus status,
    String message,
    Instant startedAt,
    Instant finishedAt) {}
