package io.storeplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.storeplane.testing.time.SettableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The master writes of steps recorded after they run are made in the transaction of the job's next
 * write, the one that records them: they commit with their record, or not at all. The kinds here
 * write a mark per step through the store's own {@link JobTransactions} (in the application every
 * {@code @Transactional} service joins the worker thread's JTA transaction the same way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepSpanTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String KIND = "spans";

  private MasterForJobs master;

  @BeforeAll
  void master() throws SQLException {
    master = new MasterForJobs("jobspans");
    try (Connection c = master.dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE step_marks (job_id uuid NOT NULL, step text NOT NULL)");
    }
  }

  @AfterAll
  void drop() {
    master.close();
  }

  @Test
  void stepsRecordedAfterWriteInTheTransactionOfTheWriteThatRecordsThem() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    List<String> seenDuringFour = new ArrayList<>();
    List<String> seenInsideTwo = new ArrayList<>();
    JobStore store =
        store(
            transactions,
            job -> {
              job.step("one", 25, () -> StepOutcome.done("Did one"));
              job.stepRecordedAfter(
                  "two",
                  50,
                  () -> {
                    mark(transactions, job, "two");
                    seenInsideTwo.addAll(marksSeenElsewhere(job.id()));
                    return StepOutcome.done("Did two");
                  });
              job.stepRecordedAfter(
                  "three",
                  75,
                  () -> {
                    mark(transactions, job, "three");
                    return StepOutcome.done("Did three");
                  });
              job.step(
                  "four",
                  100,
                  () -> {
                    seenDuringFour.addAll(marksSeenElsewhere(job.id()));
                    return StepOutcome.done("Did four");
                  });
              return JobResult.succeeded("Done");
            });
    UUID id = run(store, "w1", new SettableClock(Instant.now()));

    assertThat(seenInsideTwo).as("not committed while two runs").isEmpty();
    assertThat(seenDuringFour)
        .as("committed with four's start, which recorded two and three")
        .containsExactlyInAnyOrder("two", "three");
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(store.steps(id))
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED),
            tuple("two", StepStatus.SUCCEEDED),
            tuple("three", StepStatus.SUCCEEDED),
            tuple("four", StepStatus.SUCCEEDED));
  }

  @Test
  void aStepRecordedAfterThatFailsUndoesTheWritesOfEveryStepRecordedAfterSinceTheLastWrite() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    JobStore store =
        store(
            transactions,
            job -> {
              job.step(
                  "one",
                  30,
                  () -> {
                    mark(transactions, job, "one");
                    job.parameters().put("one", "kept");
                    return StepOutcome.done("Did one");
                  });
              job.stepRecordedAfter(
                  "two",
                  60,
                  () -> {
                    mark(transactions, job, "two");
                    job.parameters().put("two", "what two claimed");
                    return StepOutcome.done("Did two");
                  });
              job.stepRecordedAfter(
                  "three",
                  90,
                  () -> {
                    mark(transactions, job, "three");
                    throw new IllegalStateException("three broke");
                  });
              return JobResult.succeeded("unreachable");
            });
    UUID id = run(store, "w1", new SettableClock(Instant.now()));

    assertThat(marksSeenElsewhere(id))
        .as("one's write was its own (no span); two's and three's were undone together")
        .containsExactly("one");
    JobRecord failed = store.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.errorMessage()).contains("three broke");
    assertThat(failed.parameters())
        .as("what two set in memory went with what it wrote")
        .containsEntry("one", "kept")
        .doesNotContainKey("two");
    assertThat(store.steps(id))
        .as("every step that ran is still recorded, as it ran")
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED),
            tuple("two", StepStatus.SUCCEEDED),
            tuple("three", StepStatus.FAILED));
  }

  /**
   * A step recorded after that saves the job's parameters (what it is about to create, for a
   * clean-up after a crash) has them durable before it acts, with what was written before them.
   */
  @Test
  void parametersSavedInAStepRecordedAfterAreDurableWithTheWritesBeforeThem() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    JobStore store =
        store(
            transactions,
            job -> {
              job.stepRecordedAfter(
                  "one",
                  100,
                  () -> {
                    mark(transactions, job, "before");
                    job.parameters().put("made", "a database");
                    job.saveParameters();
                    mark(transactions, job, "after");
                    throw new IllegalStateException("one broke after making it");
                  });
              return JobResult.succeeded("unreachable");
            });
    UUID id = run(store, "w1", new SettableClock(Instant.now()));

    assertThat(marksSeenElsewhere(id)).containsExactly("before");
    JobRecord failed = store.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.parameters()).containsEntry("made", "a database");
  }

  /**
   * A step recorded after that finds, as it runs, that it must reach a database server commits what
   * the steps recorded after wrote so far with the parameters before it does, and runs on as a
   * recorded step: while it is outside no transaction is open on its thread, and what it writes
   * after commits on its own, kept when it then fails.
   */
  @Test
  void aStepRecordedAfterThatMustLeaveTheMasterCommitsFirstAndRunsOnAsARecordedStep() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    List<String> seenWhileOutside = new ArrayList<>();
    JobStore store =
        store(
            transactions,
            job -> {
              job.stepRecordedAfter(
                  "one",
                  50,
                  () -> {
                    mark(transactions, job, "one");
                    return StepOutcome.done("one");
                  });
              job.stepRecordedAfter(
                  "two",
                  100,
                  () -> {
                    mark(transactions, job, "before");
                    job.parameters().put("server", "chosen");
                    job.beforeLeavingMaster();
                    // outside: another connection sees what came before; this thread holds no
                    // transaction (a span begins, which it cannot inside one); a second call is a
                    // no-op
                    seenWhileOutside.addAll(marksSeenElsewhere(job.id()));
                    transactions.begin().rollback();
                    job.beforeLeavingMaster();
                    mark(transactions, job, "after");
                    throw new IllegalStateException("two broke after reaching the server");
                  });
              return JobResult.succeeded("unreachable");
            });
    UUID id = run(store, "w1", new SettableClock(Instant.now()));

    assertThat(seenWhileOutside).containsExactly("one", "before");
    assertThat(marksSeenElsewhere(id)).containsExactly("one", "before", "after");
    JobRecord failed = store.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.parameters()).containsEntry("server", "chosen");
    assertThat(store.steps(id))
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(tuple("one", StepStatus.SUCCEEDED), tuple("two", StepStatus.FAILED));
  }

  @Test
  void aWorkerThatLostItsLeaseInAStepRecordedAfterLeavesNoneOfItsWrites() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    SettableClock clock = new SettableClock(Instant.now());
    JobStore rescuer = master.store(neverRetried(job -> JobResult.succeeded("unused")));
    JobStore store =
        store(
            transactions,
            job -> {
              job.step("one", 50, () -> StepOutcome.done("Did one"));
              job.stepRecordedAfter(
                  "two",
                  100,
                  () -> {
                    mark(transactions, job, "two");
                    // the worker stalls past its lease; another one takes the job over
                    clock.advance(LEASE.plusSeconds(1));
                    assertThat(claim(rescuer, "rescuer", clock, job.id())).isPresent();
                    return StepOutcome.done("Did two");
                  });
              return JobResult.succeeded("unreachable");
            });
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    ClaimedJob claimed = claim(store, "stalled", clock, id).orElseThrow();

    assertThatThrownBy(
            () ->
                new JobRunner(store, clock, RunListener.NONE, JobMetrics.none())
                    .run(claimed, "stalled"))
        .isInstanceOf(LeaseLostException.class);
    assertThat(marksSeenElsewhere(id)).as("two's write went with the lost end").isEmpty();
  }

  @Test
  void aCancelSeenByTheEndUndoesTheWritesOfTheLastStepsRecordedAfter() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    SettableClock clock = new SettableClock(Instant.now());
    JobStore asker = master.store(neverRetried(job -> JobResult.succeeded("unused")));
    JobStore store =
        store(
            transactions,
            job -> {
              job.step("one", 50, () -> StepOutcome.done("Did one"));
              job.stepRecordedAfter(
                  "two",
                  100,
                  () -> {
                    mark(transactions, job, "two");
                    asker.requestCancel(job.id(), clock.instant());
                    return StepOutcome.done("Did two");
                  });
              return JobResult.succeeded("Done");
            });
    UUID id = run(store, "w1", clock);

    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(marksSeenElsewhere(id))
        .as("the success was never written, nor two's write")
        .isEmpty();
  }

  /**
   * A cancel asked for while steps recorded after ran, seen by the next step's write, undoes their
   * writes (a warm-pool claim among them goes back to the pool instead of being dropped by the
   * clean-up) and their parameters; their ends are recorded with the cancel.
   */
  @Test
  void aCancelSeenByTheNextStepUndoesTheWritesOfTheStepsRecordedAfterBeforeIt() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    SettableClock clock = new SettableClock(Instant.now());
    JobStore asker = master.store(neverRetried(job -> JobResult.succeeded("unused")));
    List<Object> claimSeenByCleanUp = new ArrayList<>();
    JobStore store =
        new JobStore(
            transactions,
            JobKinds.of(
                TestKinds.neverRetried(
                    KIND,
                    job -> {
                      job.stepRecordedAfter(
                          "one",
                          50,
                          () -> {
                            mark(transactions, job, "one");
                            job.parameters().put("claimed", "entry");
                            asker.requestCancel(job.id(), clock.instant());
                            return StepOutcome.done("Did one");
                          });
                      job.step("two", 100, () -> StepOutcome.done("never runs"));
                      return JobResult.succeeded("unreachable");
                    },
                    job -> {
                      claimSeenByCleanUp.add(job.parameters().getOrDefault("claimed", "none"));
                      return "";
                    })),
            JobChanges.NONE);
    UUID id = run(store, "w1", clock);

    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(marksSeenElsewhere(id)).as("one's write went with the cancel").isEmpty();
    assertThat(claimSeenByCleanUp)
        .as("nor did its parameters reach the clean-up")
        .containsExactly("none");
    assertThat(store.find(id).orElseThrow().parameters()).doesNotContainKey("claimed");
    assertThat(store.steps(id))
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(tuple("one", StepStatus.SUCCEEDED));
  }

  @Test
  void aWorkerDyingInAStepRecordedAfterLeavesNoTransactionOnItsThread() {
    JobTransactions transactions = JobTransactions.plain(master.dataSource);
    SettableClock clock = new SettableClock(Instant.now());
    JobStore store =
        store(
            transactions,
            job -> {
              job.stepRecordedAfter(
                  "one",
                  100,
                  () -> {
                    mark(transactions, job, "one");
                    throw new Dying();
                  });
              return JobResult.succeeded("unreachable");
            });
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();

    assertThatThrownBy(
            () ->
                new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1"))
        .isInstanceOf(Dying.class);
    assertThat(marksSeenElsewhere(id)).isEmpty();
    // the thread holds no span: the next one begins, and a write of its own commits at once
    transactions.begin().rollback();
    mark(transactions, id, "after");
    assertThat(marksSeenElsewhere(id)).containsExactly("after");
  }

  /** A worker stopping in the middle of a step, as a crash would. */
  private static final class Dying extends Error {
    private static final long serialVersionUID = 1L;

    Dying() {
      super("worker stopped");
    }
  }

  private JobStore store(JobTransactions transactions, Function<JobContext, JobResult> run) {
    return new JobStore(transactions, JobKinds.of(neverRetried(run)), JobChanges.NONE);
  }

  /** Queues a job, runs it on {@code worker} to its end and returns its id. */
  private static UUID run(JobStore store, String worker, SettableClock clock) {
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    ClaimedJob claimed = claim(store, worker, clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, worker);
    return id;
  }

  private static void mark(JobTransactions transactions, JobContext job, String step) {
    mark(transactions, job.id(), step);
  }

  /** Writes a mark through {@code transactions}: it joins the thread's span, if one is open. */
  private static void mark(JobTransactions transactions, UUID jobId, String step) {
    transactions.inTransaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO step_marks (job_id, step) VALUES (?, ?)")) {
            s.setObject(1, jobId);
            s.setString(2, step);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** The job's marks as a connection of its own sees them (committed ones only). */
  private List<String> marksSeenElsewhere(UUID jobId) {
    List<String> marks = new ArrayList<>();
    try (Connection c = master.dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT step FROM step_marks WHERE job_id = ?")) {
      s.setObject(1, jobId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          marks.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return marks;
  }

  private static Optional<ClaimedJob> claim(
      JobStore store, String worker, SettableClock clock, UUID id) {
    return store.claim(worker, clock.instant(), LEASE, 1, List.of(KIND), Optional.of(id)).stream()
        .findFirst();
  }

  /** A kind of {@value #KIND} that runs {@code run} and never retries a failure. */
  private static JobKind neverRetried(Function<JobContext, JobResult> run) {
    return TestKinds.neverRetried(KIND, run);
  }
}
