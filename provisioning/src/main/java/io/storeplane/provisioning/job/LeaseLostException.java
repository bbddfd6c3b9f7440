package io.storeplane.provisioning.job;

import java.util.UUID;

/**
 * This worker no longer holds the job's lease (it expired and another worker claimed the job): the
 * worker stops working on it at once and writes nothing more.
 */
public class LeaseLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LeaseLostException(UUID jobId, String worker) {
    super("Worker " + worker + " lost the lease of job " + jobId);
  }
}
