package io.storeplane.jobs;

import java.time.Instant;

/** How a kind's run of a job ended, when it did not fail. */
public sealed interface JobResult {

  /** The job is done. */
  record Succeeded(String message) implements JobResult {}

  /** The job sleeps until {@code until} and then runs again (its steps are idempotent). */
  record Waiting(Instant until, String message) implements JobResult {}

  static JobResult succeeded(String message) {
    return new Succeeded(message);
  }

  static JobResult waiting(Instant until, String message) {
    return new Waiting(until, message);
  }
}
