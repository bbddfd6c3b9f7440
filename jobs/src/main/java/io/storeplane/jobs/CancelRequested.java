package io.storeplane.jobs;

/**
 * Thrown by {@link JobContext#step} when someone asked to cancel the job: the runner cleans up and
 * ends the job as cancelled. Kinds let it pass.
 */
public final class CancelRequested extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CancelRequested(String step) {
    super("Cancellation requested before step " + step, null, false, false);
  }
}
