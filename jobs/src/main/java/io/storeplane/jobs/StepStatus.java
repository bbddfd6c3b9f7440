package io.storeplane.jobs;

/** How one step of one attempt of a job went. */
public enum StepStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  /**
   * The step could not do its part yet (a store busy under another schema change, a cloud database
   * still being created): the job sleeps until a set time, then runs again from its first step.
   */
  WAITING,
  /** The step was running when its worker died; the attempt that took the job over closed it. */
  ABANDONED
}
