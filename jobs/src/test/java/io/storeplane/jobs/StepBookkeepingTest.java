package io.storeplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.storeplane.testing.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the engine's bookkeeping costs the master, counted in transactions through the store's own
 * {@link JobTransactions}: a job of N steps is one claim, one transaction per step boundary (the
 * previous step's end, the next one's start, the lease check and the cancel flag together) and one
 * for the end with the last step's end, N + 2 in all (it was 3N + 2: a cancel query, a start and an
 * end per step). Every step still has its own start and end; a cancel and a lost lease still stop
 * the job at the next boundary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepBookkeepingTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final String KIND = "bookkeeping";

  private MasterForJobs master;

  @BeforeAll
  void master() {
    master = new MasterForJobs("jobsteps");
  }

  @AfterAll
  void drop() {
    master.close();
  }

  @Test
  void aJobOfFiveStepsCostsOneTransactionPerStepBoundaryAndKeepsEveryStepsOwnTimes() {
    SettableClock clock = new SettableClock(Instant.now());
    List<String> names = List.of("one", "two", "three", "four", "five");
    AtomicInteger transactions = new AtomicInteger();
    JobStore store = counted(transactions, new Steps(names, clock, step -> {}));
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    transactions.set(0);

    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    assertThat(transactions.get())
        .as("the claim, one per step boundary (5), the end with the last step's end")
        .isEqualTo(1 + names.size() + 1);
    JobRecord job = store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.progress()).isEqualTo(100);
    List<JobStepRecord> steps = store.steps(id);
    assertThat(steps)
        .extracting(JobStepRecord::step, JobStepRecord::status, JobStepRecord::message)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED, "Did one"),
            tuple("two", StepStatus.SUCCEEDED, "Did two"),
            tuple("three", StepStatus.SUCCEEDED, "Did three"),
            tuple("four", StepStatus.SUCCEEDED, "Did four"),
            tuple("five", StepStatus.SUCCEEDED, "Did five"));
    // Each body takes a second on the clock: each step's record has its own second.
    Instant start = steps.get(0).startedAt();
    for (int i = 0; i < steps.size(); i++) {
      assertThat(steps.get(i).startedAt()).isEqualTo(start.plusSeconds(i));
      assertThat(steps.get(i).finishedAt()).isEqualTo(start.plusSeconds(i + 1));
    }
    assertThat(job.finishedAt()).isEqualTo(steps.get(4).finishedAt());
  }

  @Test
  void aViewIsTheJobWithEveryStepOfItOldestFirstReadInOneStatement() {
    SettableClock clock = new SettableClock(Instant.now());
    JobStore store = master.store(new Steps(List.of("one", "two", "three"), clock, step -> {}));
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    assertThat(store.view(id)).contains(new JobView(store.find(id).orElseThrow(), List.of()));

    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    JobView view = store.view(id).orElseThrow();
    assertThat(view).isEqualTo(new JobView(store.find(id).orElseThrow(), store.steps(id)));
    assertThat(view.job().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(view.steps())
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED),
            tuple("two", StepStatus.SUCCEEDED),
            tuple("three", StepStatus.SUCCEEDED));
    assertThat(store.view(UUID.randomUUID())).isEmpty();
  }

  @Test
  void aCancelAskedForDuringAStepIsSeenByTheNextBoundaryWhichStillRecordsTheStepsEnd() {
    SettableClock clock = new SettableClock(Instant.now());
    JobStore uncounted = master.store(new Steps(List.of(), clock, step -> {}));
    AtomicInteger transactions = new AtomicInteger();
    AtomicInteger cancels = new AtomicInteger();
    UUID[] id = new UUID[1];
    JobStore store =
        counted(
            transactions,
            new Steps(
                List.of("one", "two", "three"),
                clock,
                step -> {
                  if (step.equals("two")) {
                    cancels.incrementAndGet();
                    uncounted.requestCancel(id[0], clock.instant());
                  }
                }));
    id[0] = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    transactions.set(0);

    ClaimedJob claimed = claim(store, "w1", clock, id[0]).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    assertThat(cancels.get()).isEqualTo(1);
    assertThat(transactions.get())
        .as("the claim, the boundaries before one, two and three, the end")
        .isEqualTo(5);
    JobRecord cancelled = store.find(id[0]).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.currentStep()).isEqualTo("two");
    assertThat(store.steps(id[0]))
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(tuple("one", StepStatus.SUCCEEDED), tuple("two", StepStatus.SUCCEEDED));
  }

  @Test
  void aWorkerThatLostItsLeaseInAStepWritesNeitherItsEndNorTheNextStart() {
    assertLeaseLostIn("two", List.of("one", "two", "three"));
  }

  @Test
  void aWorkerThatLostItsLeaseInTheLastStepWritesNeitherItsEndNorTheJobsEnd() {
    assertLeaseLostIn("two", List.of("one", "two"));
  }

  private void assertLeaseLostIn(String lostIn, List<String> names) {
    UUID id = runStalledIn(lostIn, names, Set.of());

    JobStore store = master.store(new Steps(List.of(), new SettableClock(Instant.now()), s -> {}));
    JobRecord job = store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.leaseOwner()).isEqualTo("rescuer");
    assertThat(job.attempt()).isEqualTo(2);
    assertThat(store.steps(id))
        .as("the takeover closed the stalled step; the stalled worker wrote nothing after it")
        .extracting(JobStepRecord::step, JobStepRecord::attempt, JobStepRecord::status)
        .containsExactly(
            tuple("one", 1, StepStatus.SUCCEEDED), tuple("two", 1, StepStatus.ABANDONED));
  }

  @Test
  void aWaitingStepIsRecordedWaitingAndLeavesTheProgressWhereItWas() {
    SettableClock clock = new SettableClock(Instant.now());
    Instant until = clock.instant().plusSeconds(5);
    JobKind waits =
        new JobKind() {
          @Override
          public String name() {
            return KIND;
          }

          @Override
          public JobResult run(JobContext job) {
            job.step("one", 50, () -> StepOutcome.done("Did one"));
            StepOutcome two =
                job.step("two", 100, () -> StepOutcome.waiting(until, "Busy; again at " + until));
            return JobResult.waiting(two.waitUntil().orElseThrow(), two.message());
          }
        };
    JobStore store = master.store(waits);
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();

    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    JobRecord job = store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.progress()).as("one raised it; the waiting step did not").isEqualTo(50);
    assertThat(store.steps(id))
        .extracting(JobStepRecord::step, JobStepRecord::status, JobStepRecord::message)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED, "Did one"),
            tuple("two", StepStatus.WAITING, "Busy; again at " + until));
    assertThatThrownBy(() -> new StepOutcome(StepStatus.WAITING, "no time", Optional.empty(), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new StepOutcome(StepStatus.SUCCEEDED, "a time", Optional.of(until), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stepsRecordedAfterCostNoWriteOfTheirOwnAndKeepTheirOwnTimesInOrder() {
    SettableClock clock = new SettableClock(Instant.now());
    List<String> names = List.of("one", "two", "three", "four", "five");
    AtomicInteger transactions = new AtomicInteger();
    JobStore store =
        counted(transactions, new Steps(names, Set.of("two", "three", "five"), clock, step -> {}));
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    transactions.set(0);

    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    assertThat(transactions.get())
        .as("the claim, the boundaries before one and four, the end: two, three, five write none")
        .isEqualTo(4);
    JobRecord job = store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.currentStep()).as("the step run last").isEqualTo("five");
    List<JobStepRecord> steps = store.steps(id);
    assertThat(steps)
        .extracting(JobStepRecord::step, JobStepRecord::attempt, JobStepRecord::status)
        .containsExactly(
            tuple("one", 1, StepStatus.SUCCEEDED),
            tuple("two", 1, StepStatus.SUCCEEDED),
            tuple("three", 1, StepStatus.SUCCEEDED),
            tuple("four", 1, StepStatus.SUCCEEDED),
            tuple("five", 1, StepStatus.SUCCEEDED));
    Instant start = steps.get(0).startedAt();
    for (int i = 0; i < steps.size(); i++) {
      assertThat(steps.get(i).startedAt()).as(names.get(i)).isEqualTo(start.plusSeconds(i));
      assertThat(steps.get(i).finishedAt()).as(names.get(i)).isEqualTo(start.plusSeconds(i + 1));
      assertThat(steps.get(i).message()).isEqualTo("Did " + names.get(i));
    }
  }

  @Test
  void aProgressWrittenBetweenStepsRecordedAfterIsRaisedToTheLastOnesProgress() {
    SettableClock clock = new SettableClock(Instant.now());
    UUID[] id = new UUID[1];
    JobStore uncounted = master.store(new Steps(List.of(), clock, step -> {}));
    int[] seen = new int[1];
    JobStore store =
        master.store(
            new Steps(
                List.of("one", "two", "three", "four"),
                Set.of("two", "three"),
                clock,
                step -> {
                  if (step.equals("four")) {
                    seen[0] = uncounted.find(id[0]).orElseThrow().progress();
                  }
                }));
    id[0] = store.enqueue(NewJob.of(KIND), clock.instant()).id();

    ClaimedJob claimed = claim(store, "w1", clock, id[0]).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    assertThat(seen[0])
        .as("four's boundary recorded one, two and three: three's 75 %")
        .isEqualTo(75);
  }

  @Test
  void aCancelAskedForDuringAStepRecordedAfterIsSeenByTheNextBoundaryWhichRecordsIt() {
    JobStore store = master.store(new Steps(List.of(), new SettableClock(Instant.now()), s -> {}));
    UUID id = runWithACancelDuringTwo(Set.of("two"));

    JobRecord cancelled = store.find(id).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.currentStep()).isEqualTo("two");
    assertThat(store.steps(id))
        .as("two ran before the cancel was seen, so it is recorded; three never started")
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(tuple("one", StepStatus.SUCCEEDED), tuple("two", StepStatus.SUCCEEDED));
  }

  @Test
  void aCancelAskedForWhileTheLastStepsAreRecordedAfterIsSeenByTheEndWhichCancelsInstead() {
    JobStore store = master.store(new Steps(List.of(), new SettableClock(Instant.now()), s -> {}));
    UUID id = runWithACancelDuringTwo(Set.of("two", "three"));

    JobRecord cancelled = store.find(id).orElseThrow();
    assertThat(cancelled.status())
        .as("no boundary came after two and three: the end saw the cancel")
        .isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.currentStep()).isEqualTo("three");
    assertThat(store.steps(id))
        .as("every step that ran is recorded, once")
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED),
            tuple("two", StepStatus.SUCCEEDED),
            tuple("three", StepStatus.SUCCEEDED));
  }

  @Test
  void aStepRecordedAfterThatFailsIsRecordedWholeWithTheJobsEndAfterTheStepsBeforeIt() {
    SettableClock clock = new SettableClock(Instant.now());
    JobKind failing =
        neverRetried(
            job -> {
              job.step("one", 30, () -> StepOutcome.done("Did one"));
              job.stepRecordedAfter("two", 60, () -> StepOutcome.done("Did two"));
              job.stepRecordedAfter(
                  "three",
                  90,
                  () -> {
                    throw new IllegalStateException("three broke");
                  });
              return JobResult.succeeded("unreachable");
            });
    JobStore store = master.store(failing);
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();

    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    JobRecord failed = store.find(id).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.currentStep()).isEqualTo("three");
    assertThat(failed.progress()).as("two's; the failed step raises nothing").isEqualTo(60);
    List<JobStepRecord> steps = store.steps(id);
    assertThat(steps)
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            tuple("one", StepStatus.SUCCEEDED),
            tuple("two", StepStatus.SUCCEEDED),
            tuple("three", StepStatus.FAILED));
    assertThat(steps.get(2).message()).contains("three broke");
    assertThat(steps).allSatisfy(step -> assertThat(step.finishedAt()).isNotNull());
  }

  @Test
  void aWorkerThatLostItsLeaseInAStepRecordedAfterWritesNothingOfIt() {
    UUID id = runStalledIn("two", List.of("one", "two", "three"), Set.of("two"));

    JobStore store = master.store(new Steps(List.of(), new SettableClock(Instant.now()), s -> {}));
    assertThat(store.steps(id))
        .as("the takeover closed one's record; two had none, and the stalled worker wrote none")
        .extracting(JobStepRecord::step, JobStepRecord::attempt, JobStepRecord::status)
        .containsExactly(tuple("one", 1, StepStatus.ABANDONED));
  }

  @Test
  void aStepRecordedAfterReportsNoProgressOfItsOwn() {
    SettableClock clock = new SettableClock(Instant.now());
    JobKind reporting =
        neverRetried(
            job -> {
              job.stepRecordedAfter(
                  "one",
                  50,
                  () -> {
                    job.progress(10, 1, "One tenth");
                    return StepOutcome.done("Did one");
                  });
              return JobResult.succeeded("unreachable");
            });
    JobStore store = master.store(reporting);
    UUID id = store.enqueue(NewJob.of(KIND), clock.instant()).id();

    ClaimedJob claimed = claim(store, "w1", clock, id).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");

    assertThat(store.find(id).orElseThrow().errorMessage())
        .contains("Step one is recorded after it runs: it reports no progress of its own");
    assertThat(store.steps(id))
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(tuple("one", StepStatus.FAILED));
  }

  /**
   * Runs {@code names} (those in {@code after} recorded after they run) on a worker that stalls
   * past its lease in {@code lostIn} while another takes the job over; checks the stalled worker
   * stops with {@link LeaseLostException}, and returns the job's id.
   */
  private UUID runStalledIn(String lostIn, List<String> names, Set<String> after) {
    SettableClock clock = new SettableClock(Instant.now());
    JobStore rescuerStore = master.store(new Steps(names, clock, step -> {}));
    UUID[] id = new UUID[1];
    JobStore store =
        master.store(
            new Steps(
                names,
                after,
                clock,
                step -> {
                  if (step.equals(lostIn)) {
                    // The worker stalls past its lease; another one takes the job over.
                    clock.advance(LEASE.plusSeconds(1));
                    assertThat(claim(rescuerStore, "rescuer", clock, id[0])).isPresent();
                  }
                }));
    id[0] = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    ClaimedJob claimed = claim(store, "stalled", clock, id[0]).orElseThrow();

    assertThatThrownBy(
            () ->
                new JobRunner(store, clock, RunListener.NONE, JobMetrics.none())
                    .run(claimed, "stalled"))
        .isInstanceOf(LeaseLostException.class);
    return id[0];
  }

  /**
   * Runs a job of steps one, two and three (those in {@code after} recorded after they run) whose
   * cancel is asked for while two runs; returns its id.
   */
  private UUID runWithACancelDuringTwo(Set<String> after) {
    SettableClock clock = new SettableClock(Instant.now());
    JobStore asker = master.store(new Steps(List.of(), clock, step -> {}));
    UUID[] id = new UUID[1];
    JobStore store =
        master.store(
            new Steps(
                List.of("one", "two", "three"),
                after,
                clock,
                step -> {
                  if (step.equals("two")) {
                    asker.requestCancel(id[0], clock.instant());
                  }
                }));
    id[0] = store.enqueue(NewJob.of(KIND), clock.instant()).id();
    ClaimedJob claimed = claim(store, "w1", clock, id[0]).orElseThrow();
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");
    return id[0];
  }

  /** A kind of {@value #KIND} that runs {@code run} and never retries a failure. */
  private static JobKind neverRetried(Function<JobContext, JobResult> run) {
    return TestKinds.neverRetried(KIND, run);
  }

  /**
   * A store whose every transaction is counted: a span counts as one, the writes that join it as
   * none.
   */
  private JobStore counted(AtomicInteger transactions, JobKind kind) {
    JobTransactions plain = JobTransactions.plain(master.dataSource);
    ThreadLocal<Boolean> inSpan = ThreadLocal.withInitial(() -> false);
    JobTransactions counting =
        new JobTransactions() {
          @Override
          public <T> T inTransaction(Work<T> work) {
            if (!inSpan.get()) {
              transactions.incrementAndGet();
            }
            return plain.inTransaction(work);
          }

          @Override
          public Span begin() {
            transactions.incrementAndGet();
            Span span = plain.begin();
            inSpan.set(true);
            return new Span() {
              @Override
              public void commit() {
                inSpan.set(false);
                span.commit();
              }

              @Override
              public void rollback() {
                inSpan.set(false);
                span.rollback();
              }
            };
          }
        };
    return new JobStore(counting, JobKinds.of(kind), JobChanges.NONE);
  }

  private static Optional<ClaimedJob> claim(
      JobStore store, String worker, SettableClock clock, UUID id) {
    return store.claim(worker, clock.instant(), LEASE, 1, List.of(KIND), Optional.of(id)).stream()
        .findFirst();
  }

  /**
   * Named steps, each taking a second on the clock and doing {@code during} first; those in {@code
   * after} are {@link JobContext#stepRecordedAfter recorded after} they run.
   */
  private static final class Steps implements JobKind {

    private final List<String> names;
    private final Set<String> after;
    private final SettableClock clock;
    private final Consumer<String> during;

    Steps(List<String> names, SettableClock clock, Consumer<String> during) {
      this(names, Set.of(), clock, during);
    }

    Steps(List<String> names, Set<String> after, SettableClock clock, Consumer<String> during) {
      this.names = names;
      this.after = after;
      this.clock = clock;
      this.during = during;
    }

    @Override
    public String name() {
      return KIND;
    }

    @Override
    public JobResult run(JobContext job) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        JobContext.StepBody body =
            () -> {
              during.accept(name);
              clock.advance(Duration.ofSeconds(1));
              return StepOutcome.done("Did " + name);
            };
        int progress = 100 * (i + 1) / names.size();
        if (after.contains(name)) {
          job.stepRecordedAfter(name, progress, body);
        } else {
          job.step(name, progress, body);
        }
      }
      return JobResult.succeeded("Ran " + names.size() + " steps");
    }
  }
}
