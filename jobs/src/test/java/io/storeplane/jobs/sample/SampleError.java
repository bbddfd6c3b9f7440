package io.storeplane.jobs.sample;

import io.storeplane.error.ErrorCode;
import io.storeplane.error.ErrorKind;

/** The sample kind's failures: one transient, one permanent. */
public enum SampleError implements ErrorCode {
  SAMPLE_UNAVAILABLE(ErrorKind.UNAVAILABLE),
  SAMPLE_BROKEN(ErrorKind.INVALID);

  private final ErrorKind kind;

  SampleError(ErrorKind kind) {
    this.kind = kind;
  }

  @Override
  public ErrorKind kind() {
    return kind;
  }
}
