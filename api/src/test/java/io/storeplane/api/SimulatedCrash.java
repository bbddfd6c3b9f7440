package io.storeplane.api;

/** Thrown by a test listener to stop a worker in the middle of a job, as a crash would. */
public final class SimulatedCrash extends RuntimeException {

  public SimulatedCrash() {
    super("worker stopped");
  }
}
