package io.storeplane.jobs.runtime;

import io.storeplane.bus.Topic;
import io.storeplane.bus.runtime.EventBus;
import io.storeplane.jobs.JobChanged;
import io.storeplane.jobs.JobChanges;
import io.storeplane.jobs.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.UUID;

/**
 * Announces every job change on the bus (topic {@code job.changed}), inside the transaction that
 * made it (the engine's transactions are JTA ones, so the bus writes on the same connection): every
 * instance hears it when, and only if, it commits. Status streams (SSE) and the console listen.
 */
@ApplicationScoped
public class JobChangesOnBus implements JobChanges {

  /** A job changed. */
  public static final Topic<JobChanged> JOB_CHANGED = Topic.of("job.changed", JobChanged.class);

  private final EventBus bus;

  JobChangesOnBus(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public void changed(Connection connection, UUID jobId, String kind, JobStatus status) {
    bus.publish(JOB_CHANGED, new JobChanged(jobId, kind, status));
  }
}
