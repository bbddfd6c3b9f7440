package io.storeplane.master.job;

/** How one step of one attempt of a job went. */
public enum StepStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED
}
