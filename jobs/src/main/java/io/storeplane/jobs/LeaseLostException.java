package io.storeplane.jobs;

import java.util.UUID;

/**
 * The worker no longer holds the job's lease (it expired and another worker took the job, or the
 * job ended): whatever it was doing must stop without recording anything.
 */
public final class LeaseLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LeaseLostException(UUID jobId, String worker) {
    super("Worker " + worker + " no longer holds the lease of job " + jobId + "; it stops here");
  }
}
