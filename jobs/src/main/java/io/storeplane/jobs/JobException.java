package io.storeplane.jobs;

import io.storeplane.error.StoreplaneException;

/** A failure of the job engine, with its {@link JobError} code. */
public class JobException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  public JobException(JobError code, String message) {
    super(code, message, null);
  }

  public JobException(JobError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public JobError code() {
    return (JobError) super.code();
  }
}
