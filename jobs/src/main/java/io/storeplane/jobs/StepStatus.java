package io.storeplane.jobs;

/** How one step of one attempt of a job went. */
public enum StepStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  /** The step was running when its worker died; the attempt that took the job over closed it. */
  ABANDONED
}
