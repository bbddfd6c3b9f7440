package io.storeplane.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a step ended when it did not fail: done, skipped (nothing to do), or waiting (not done yet:
 * the job sleeps until a time and runs again, e.g. a cloud database still being created).
 *
 * @param status {@link StepStatus#SUCCEEDED}, {@link StepStatus#SKIPPED} or, with {@code
 *     waitUntil}, {@link StepStatus#WAITING}
 * @param message what the step did, for the step log
 * @param waitUntil when a waiting step's job runs again
 * @param unitsDone the job's units done once the step's end is recorded (negative: as the step left
 *     them); recorded with the step's end, so a step that knows its count needs no progress write
 */
public record StepOutcome(
    StepStatus status, String message, Optional<Instant> waitUntil, int unitsDone) {

  public StepOutcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(waitUntil, "waitUntil");
    if (status != StepStatus.SUCCEEDED
        && status != StepStatus.SKIPPED
        && status != StepStatus.WAITING) {
      throw new IllegalArgumentException(
          "A step outcome is succeeded, skipped or waiting, not " + status);
    }
    if ((status == StepStatus.WAITING) != waitUntil.isPresent()) {
      throw new IllegalArgumentException("A waiting step, and only one, says until when it waits");
    }
  }

  public static StepOutcome done(String message) {
    return new StepOutcome(StepStatus.SUCCEEDED, message, Optional.empty(), -1);
  }

  public static StepOutcome skipped(String message) {
    return new StepOutcome(StepStatus.SKIPPED, message, Optional.empty(), -1);
  }

  /**
   * The step is not done: the job sleeps until {@code until}, then runs again from the start. The
   * step is recorded {@link StepStatus#WAITING}, and the job's progress stays where it was.
   */
  public static StepOutcome waiting(Instant until, String message) {
    return new StepOutcome(StepStatus.WAITING, message, Optional.of(until), -1);
  }

  /** This outcome, raising the job's units done to {@code units} when its end is recorded. */
  public StepOutcome withUnitsDone(int units) {
    if (units < 0) {
      throw new IllegalArgumentException("Units done are not negative: " + units);
    }
    return new StepOutcome(status, message, waitUntil, units);
  }

  public boolean waiting() {
    return waitUntil.isPresent();
  }
}
