package io.storeplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storeplane.jobs.sample.SampleKind;
import io.storeplane.jobs.sample.SampleWorkerMain;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * kill -9 of a worker process in the middle of a step: the job resumes on another worker once the
 * lease expires, the dead attempt's open step is recorded as abandoned, and the kind's effects are
 * written once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KilledWorkerTest {

  private static final Duration LEASE = Duration.ofSeconds(2);

  private MasterForJobs master;

  @BeforeAll
  void master() throws Exception {
    master = new MasterForJobs("jobkill");
    SampleKind.createTable(master.dataSource);
  }

  @AfterAll
  void drop() {
    master.close();
  }

  @Test
  void aJobWhoseProcessWasKilledResumesElsewhereAfterTheLease() throws Exception {
    JobStore store = master.store(new SampleKind(master.dataSource));
    UUID id =
        master.queue(store, SampleKind.NAME, 1, Map.of("steps", 3, "sleepMillis", 1500)).get(0);
    Path log = Path.of("target", "killed-worker-" + id + ".log");
    Process worker =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SampleWorkerMain.class.getName(),
                master.database.jdbcUrl(),
                master.database.username(),
                master.database.password(),
                String.valueOf(LEASE.toMillis()),
                "doomed")
            .redirectErrorStream(true)
            .redirectOutput(new File(log.toString()))
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  master.count(
                          "SELECT count(*) FROM job_steps WHERE job_id = ? AND step = 'step-2'"
                              + " AND status = 'RUNNING'",
                          id)
                      == 1);
    } finally {
      // SIGKILL: no shutdown hook, no lease released, a step left running.
      worker.destroyForcibly().waitFor();
    }
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.find(id).orElseThrow().leaseOwner()).isEqualTo("doomed");

    try (JobEngine rescuer = master.engine("rescuer", store, Clock.systemUTC(), LEASE, 1)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                rescuer.poll();
                return store.find(id).orElseThrow().status().finished();
              });
    }

    JobRecord job = store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.attempt()).isEqualTo(2);
    List<JobStepRecord> steps = store.steps(id);
    assertThat(steps)
        .extracting(JobStepRecord::step, JobStepRecord::attempt, JobStepRecord::status)
        .containsExactly(
            Tuple.tuple("step-1", 1, StepStatus.SUCCEEDED),
            Tuple.tuple("step-2", 1, StepStatus.ABANDONED),
            Tuple.tuple("step-1", 2, StepStatus.SKIPPED),
            Tuple.tuple("step-2", 2, StepStatus.SUCCEEDED),
            Tuple.tuple("step-3", 2, StepStatus.SUCCEEDED));
    assertThat(master.count("SELECT count(*) FROM sample_effects WHERE job_id = ?", id))
        .isEqualTo(3);
    assertThat(
            master.count(
                "SELECT count(*) FROM sample_effects WHERE job_id = ? AND step = 'step-1' AND"
                    + " attempt = 1",
                id))
        .as("step-1 was written by the killed attempt, once")
        .isEqualTo(1);
  }
}
