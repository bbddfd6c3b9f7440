package io.storeplane.jobs.sample;

import io.storeplane.error.StoreplaneException;

/** A failure of the sample kind. */
public final class SampleException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  public SampleException(SampleError code, String message) {
    super(code, message, null);
  }
}
