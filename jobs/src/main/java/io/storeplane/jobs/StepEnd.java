package io.storeplane.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * How a step ended, kept by the worker until its next write to the job (the next step's start, or
 * the job's end, retry or wait), which records it in the same transaction. A step whose start was
 * not recorded when it began ({@link JobContext#stepRecordedAfter}) carries its start too, and that
 * write records the whole step.
 *
 * @param step the step's name
 * @param attempt the attempt it ran in
 * @param status {@link StepStatus#SUCCEEDED}, {@link StepStatus#SKIPPED}, {@link
 *     StepStatus#WAITING} or {@link StepStatus#FAILED}
 * @param message what it did, or why it failed
 * @param progressWhenDone the job's progress once it is recorded (negative, or a failed or waiting
 *     step: left as it is)
 * @param unitsDone the job's units done once it is recorded (negative: left as they are)
 * @param startedAt when it started, for a step whose start is not recorded yet; null when its start
 *     was recorded as it began
 * @param at when it ended (its {@code finished_at})
 */
public record StepEnd(
    String step,
    int attempt,
    StepStatus status,
    String message,
    int progressWhenDone,
    int unitsDone,
    Instant startedAt,
    Instant at) {

  public StepEnd {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
    if (status == StepStatus.RUNNING || status == StepStatus.ABANDONED) {
      throw new IllegalArgumentException(
          "A step ends succeeded, skipped, waiting or failed, not " + status);
    }
  }

  /** Whether the step's start is recorded already, so its end closes that record. */
  boolean startRecorded() {
    return startedAt == null;
  }

  /** The progress to raise the job to: none (-1) for a failed or waiting step. */
  int progress() {
    return status == StepStatus.FAILED || status == StepStatus.WAITING ? -1 : progressWhenDone;
  }
}
