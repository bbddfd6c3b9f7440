package io.storeplane.jobs;

import java.util.function.Function;

/** Kinds the engine's tests build from a run. */
final class TestKinds {

  private TestKinds() {}

  /** A kind named {@code name} that runs {@code run} and never retries a failure. */
  static JobKind neverRetried(String name, Function<JobContext, JobResult> run) {
    return neverRetried(name, run, job -> "");
  }

  /** The same, with {@code cleanUp} as its clean-up after a failure or a cancel. */
  static JobKind neverRetried(
      String name, Function<JobContext, JobResult> run, Function<JobContext, String> cleanUp) {
    return new JobKind() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RetryPolicy retry() {
        return RetryPolicy.never();
      }

      @Override
      public JobResult run(JobContext job) {
        return run.apply(job);
      }

      @Override
      public String cleanUp(JobContext job) {
        return cleanUp.apply(job);
      }
    };
  }
}
