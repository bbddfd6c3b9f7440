package io.storeplane.jobs;

/**
 * Thrown by {@link JobContext#step} when someone asked to cancel the job, and by the job's end when
 * steps {@link JobContext#stepRecordedAfter recorded after} ran since the last check: the runner
 * cleans up and ends the job as cancelled. Kinds let it pass.
 */
public final class CancelRequested extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private CancelRequested(String message) {
    super(message, null, false, false);
  }

  static CancelRequested beforeStep(String step) {
    return new CancelRequested("Cancellation requested before step " + step);
  }

  static CancelRequested beforeTheEnd() {
    return new CancelRequested("Cancellation requested before the job's end");
  }
}
