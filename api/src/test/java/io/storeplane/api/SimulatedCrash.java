package io.storeplane.api;

/**
 * Thrown by a test to stop a worker in the middle of a job, as a crash would. An {@link Error}, so
 * no {@code catch (RuntimeException)} on the way (a step's own failure handling included) turns it
 * into an ordinary failure: the worker just stops, leaving the job running under its lease.
 */
public final class SimulatedCrash extends Error {

  public SimulatedCrash() {
    super("worker stopped");
  }
}
