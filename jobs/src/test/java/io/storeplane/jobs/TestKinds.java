package io.storeplane.jobs;

import java.util.function.Function;

/** Kinds the engine's tests build from a run. */
final class TestKinds {

  private TestKinds() {}

  /** A kind named {@code name} that runs {@code run} and never retries a failure. */
  static JobKind neverRetried(String name, Function<JobContext, JobResult> run) {
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
    };
  }
}
