package io.storeplane.provisioning.job;

import java.util.UUID;

/**
 * This worker no longer holds the job's lease (it expired and another worker claimed the job): the
 * worker stops working on it at once and writes nothing more.
 *
 * <p>Deliberately not a {@link io.storeplane.error.StoreplaneException} with an error code: it is
 * control flow inside the job engine, thrown by {@link JobRecords} and caught by the runner and the
 * engine, never a failure of the job or of a request, so it never reaches a client or a job's
 * recorded error.
 */
public class LeaseLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LeaseLostException(UUID jobId, String worker) {
    super("Worker " + worker + " lost the lease of job " + jobId);
  }
}
