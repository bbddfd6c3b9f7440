package io.storeplane.jobs.sample;

import io.storeplane.jobs.JobContext;
import io.storeplane.jobs.JobKind;
import io.storeplane.jobs.JobLimits;
import io.storeplane.jobs.JobResult;
import io.storeplane.jobs.JobSchedule;
import io.storeplane.jobs.RetryPolicy;
import io.storeplane.jobs.StepOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * A job kind defined outside the engine's package, as a module would define one: {@code steps}
 * idempotent steps, each writing one effect row ({@code sample_effects}, a primary key per job and
 * step, so a step run twice writes it once) and sleeping {@code sleepMillis}; it fails transiently
 * on its first {@code transientFailures} attempts and permanently when {@code broken} is set.
 */
public final class SampleKind implements JobKind {

  public static final String NAME = "sample";

  /** The table the steps write, made by {@link #createTable}. */
  public static void createTable(DataSource master) throws SQLException {
    try (Connection c = master.getConnection()) {
      c.createStatement()
          .execute(
              "CREATE TABLE IF NOT EXISTS sample_effects (job_id UUID, step VARCHAR(64), attempt"
                  + " INT NOT NULL, PRIMARY KEY (job_id, step))");
    }
  }

  private final DataSource master;
  private final JobLimits limits;
  private final List<JobSchedule> schedules;

  public SampleKind(DataSource master, JobLimits limits, List<JobSchedule> schedules) {
    this.master = master;
    this.limits = limits;
    this.schedules = schedules;
  }

  public SampleKind(DataSource master) {
    this(master, JobLimits.NONE, List.of());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RetryPolicy retry() {
    return RetryPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10), 5);
  }

  @Override
  public JobLimits limits() {
    return limits;
  }

  @Override
  public List<JobSchedule> schedules() {
    return schedules;
  }

  @Override
  public JobResult run(JobContext job) {
    int steps = number(job, "steps", 3);
    int transientFailures = number(job, "transientFailures", 0);
    long sleep = number(job, "sleepMillis", 0);
    boolean broken = Boolean.TRUE.equals(job.parameters().get("broken"));
    for (int i = 1; i <= steps; i++) {
      String step = "step-" + i;
      int last = i;
      job.step(
          step,
          100 * i / steps,
          () -> {
            if (last == 2 && job.attempt() <= transientFailures) {
              throw new SampleException(
                  SampleError.SAMPLE_UNAVAILABLE, "Try " + job.attempt() + " found it down");
            }
            if (last == 2 && broken) {
              throw new SampleException(SampleError.SAMPLE_BROKEN, "It is broken for good");
            }
            sleep(sleep);
            return effect(job, step)
                ? StepOutcome.done("Wrote " + step)
                : StepOutcome.skipped(step + " was already written");
          });
    }
    return JobResult.succeeded("Ran " + steps + " steps");
  }

  @Override
  public String cleanUp(JobContext job) {
    try (Connection c = master.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM sample_effects WHERE job_id = ?")) {
      s.setObject(1, job.id());
      s.executeUpdate();
      return "; its effects were removed";
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean effect(JobContext job, String step) {
    try (Connection c = master.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO sample_effects (job_id, step, attempt) VALUES (?, ?, ?) ON CONFLICT"
                    + " DO NOTHING")) {
      s.setObject(1, job.id());
      s.setString(2, step);
      s.setInt(3, job.attempt());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int number(JobContext job, String name, int otherwise) {
    Object value = job.parameters().get(name);
    return value == null ? otherwise : ((Number) value).intValue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
