package io.storeplane.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a step ended when it did not fail: done, skipped (nothing to do), or waiting (the job sleeps
 * until a time and runs again, e.g. a cloud database still being created).
 *
 * @param status {@link StepStatus#SUCCEEDED} or {@link StepStatus#SKIPPED}
 * @param message what the step did, for the step log
 * @param waitUntil when a waiting step's job runs again
 */
public record StepOutcome(StepStatus status, String message, Optional<Instant> waitUntil) {

  public StepOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(waitUntil, "waitUntil");
    if (status != StepStatus.SUCCEEDED && status != StepStatus.SKIPPED) {
      throw new IllegalArgumentException("A step outcome is succeeded or skipped, not " + status);
    }
  }

  public static StepOutcome done(String message) {
    return new StepOutcome(StepStatus.SUCCEEDED, message, Optional.empty());
  }

  public static StepOutcome skipped(String message) {
    return new StepOutcome(StepStatus.SKIPPED, message, Optional.empty());
  }

  /** The step did its part; the job sleeps until {@code until}, then runs again from the start. */
  public static StepOutcome waiting(Instant until, String message) {
    return new StepOutcome(StepStatus.SUCCEEDED, message, Optional.of(until));
  }

  public boolean waiting() {
    return waitUntil.isPresent();
  }
}
