package io.storeplane.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Told inside every transaction that changes a job (queued, claimed, a step, progress, requeued,
 * ended, cancel requested), on that transaction's connection, so a change can be announced to every
 * instance exactly when it commits (the bus: {@code LISTEN/NOTIFY} is delivered on commit).
 */
@FunctionalInterface
public interface JobChanges {

  /** Announces nothing. */
  JobChanges NONE = (connection, jobId, kind, status) -> {};

  void changed(Connection connection, UUID jobId, String kind, JobStatus status)
      throws SQLException;
}
