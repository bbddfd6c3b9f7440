package io.storeplane.provisioning.provider;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one step did. {@link #waitUntil()} lets an asynchronous provider (a database that is created
 * by a remote API) ask to be called again later: the job goes back to the queue until then, with
 * its state kept in the job's parameters, so a restart loses nothing.
 *
 * @param outcome done, skipped (nothing to do), or waiting
 * @param message a secret-free sentence for the step log
 * @param waitUntil when to call the step again, for {@link Outcome#WAITING}
 */
public record StepResult(Outcome outcome, String message, Optional<Instant> waitUntil) {

  /** How a step ended. */
  public enum Outcome {
    DONE,
    SKIPPED,
    WAITING
  }

  public StepResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    if ((outcome == Outcome.WAITING) != waitUntil.isPresent()) {
      throw new IllegalArgumentException("waitUntil goes with WAITING only");
    }
  }

  public static StepResult done(String message) {
    return new StepResult(Outcome.DONE, message, Optional.empty());
  }

  public static StepResult skipped(String message) {
    return new StepResult(Outcome.SKIPPED, message, Optional.empty());
  }

  public static StepResult waiting(Instant until, String message) {
    return new StepResult(Outcome.WAITING, message, Optional.of(until));
  }
}
