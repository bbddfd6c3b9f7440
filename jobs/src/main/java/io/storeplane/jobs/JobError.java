package io.storeplane.jobs;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/** Stable codes for the failures of the job engine itself. Never rename one. */
public enum JobError implements ErrorCode {
  /** No job has that id (the same code as provisioning's: it means the same). */
  JOB_NOT_FOUND(ErrorKind.NOT_FOUND),
  /** The master database did not answer the engine (claim, record, schedule). */
  JOB_STORE_FAILED(ErrorKind.UNAVAILABLE),
  /** A job kind threw something that is not one of the error model's failures: a bug. */
  JOB_CRASHED(ErrorKind.INTERNAL),
  /** No module registered a kind of that name on this instance. */
  JOB_KIND_UNKNOWN(ErrorKind.INVALID),
  /** Another job holding the same exclusive key is queued or running. */
  JOB_KEY_BUSY(ErrorKind.CONFLICT),
  /** A schedule's cadence cannot be read (not a cron expression or an ISO-8601 duration). */
  SCHEDULE_INVALID(ErrorKind.INVALID);

  private final ErrorKind kind;

  JobError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
