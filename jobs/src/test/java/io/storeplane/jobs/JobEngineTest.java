package io.storeplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.storeplane.jobs.sample.SampleKind;
import io.storeplane.testing.time.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine over a real master database with a kind defined outside its package ({@link
 * SampleKind}): steps recorded, retries judged by the error model, a takeover that closes the dead
 * attempt's steps, claims bounded by free threads and by limits across two engines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobEngineTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private MasterForJobs master;

  @BeforeAll
  void master() throws Exception {
    master = new MasterForJobs("jobengine");
    SampleKind.createTable(master.dataSource);
  }

  @AfterAll
  void drop() {
    master.close();
  }

  @Test
  void aJobOfAKindDefinedElsewhereRunsItsStepsAndRecordsEach() {
    JobStore store = master.store(new SampleKind(master.dataSource));
    UUID id = master.queue(store, SampleKind.NAME, 1, Map.of("steps", 3)).get(0);
    try (JobEngine engine = master.engine("w1", store, Clock.systemUTC(), LEASE, 2)) {
      runToEnd(engine, store, id);
    }
    JobRecord job = store.find(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.progress()).isEqualTo(100);
    assertThat(job.message()).isEqualTo("Ran 3 steps");
    assertThat(job.leaseOwner()).isNull();
    assertThat(store.steps(id))
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("step-1", StepStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("step-2", StepStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("step-3", StepStatus.SUCCEEDED));
    assertThat(master.count("SELECT count(*) FROM sample_effects WHERE job_id = ?", id))
        .isEqualTo(3);
  }

  @Test
  void aKindIsActiveWhileOneOfItsJobsRunsIsDueOrEndedWithinTheQuietPeriod() throws Exception {
    try (MasterForJobs own = new MasterForJobs("jobsactive")) {
      SampleKind.createTable(own.dataSource);
      JobStore store = own.store(new SampleKind(own.dataSource));
      Duration quiet = Duration.ofSeconds(1);
      Instant now = Instant.now();
      assertThat(store.activeWithin(SampleKind.NAME, now, quiet)).isFalse();

      UUID later =
          store.enqueue(NewJob.of(SampleKind.NAME).runAfter(now.plusSeconds(60)), now).id();
      assertThat(store.activeWithin(SampleKind.NAME, now, quiet)).as("waiting for later").isFalse();
      assertThat(store.activeWithin(SampleKind.NAME, now.plusSeconds(61), quiet)).isTrue();

      UUID due = own.queue(store, SampleKind.NAME, 1, Map.of()).get(0);
      assertThat(store.activeWithin(SampleKind.NAME, Instant.now(), quiet)).as("due").isTrue();
      assertThat(store.activeWithin("another-kind", Instant.now(), quiet)).isFalse();

      Clock clock = Clock.systemUTC();
      ClaimedJob claimed = claim(store, "w1", clock, due).orElseThrow();
      assertThat(store.activeWithin(SampleKind.NAME, Instant.now(), quiet)).as("running").isTrue();
      assertThat(store.findActiveOfKind(SampleKind.NAME).orElseThrow().id())
          .as("the running one before the one queued for later")
          .isEqualTo(due);

      new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(claimed, "w1");
      JobRecord ended = store.find(due).orElseThrow();
      assertThat(ended.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(store.find(later).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
      Instant finished = ended.finishedAt();
      assertThat(store.activeWithin(SampleKind.NAME, finished.plusMillis(999), quiet))
          .as("ended within the quiet period")
          .isTrue();
      assertThat(store.activeWithin(SampleKind.NAME, finished.plus(quiet), quiet))
          .as("quiet since")
          .isFalse();
    }
  }

  @Test
  void transientFailuresRetryWithBackoffAndPermanentOnesFailAtOnceAfterCleanUp() {
    JobStore store = master.store(new SampleKind(master.dataSource));
    UUID flaky = master.queue(store, SampleKind.NAME, 1, Map.of("transientFailures", 2)).get(0);
    UUID broken = master.queue(store, SampleKind.NAME, 1, Map.of("broken", true)).get(0);
    try (JobEngine engine = master.engine("w1", store, Clock.systemUTC(), LEASE, 2)) {
      runToEnd(engine, store, flaky);
      runToEnd(engine, store, broken);
    }
    JobRecord retried = store.find(flaky).orElseThrow();
    assertThat(retried.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(retried.attempt()).isEqualTo(3);
    assertThat(retried.failures()).isEqualTo(2);
    assertThat(store.steps(flaky))
        .filteredOn(step -> step.status() == StepStatus.FAILED)
        .extracting(JobStepRecord::step, JobStepRecord::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("step-2", 1),
            org.assertj.core.groups.Tuple.tuple("step-2", 2));
    assertThat(store.steps(flaky))
        .filteredOn(step -> step.attempt() == 3)
        .extracting(JobStepRecord::step, JobStepRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("step-1", StepStatus.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("step-2", StepStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("step-3", StepStatus.SUCCEEDED));

    JobRecord failed = store.find(broken).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.attempt()).as("a permanent failure is not retried").isEqualTo(1);
    assertThat(failed.errorCode()).isEqualTo("sample-broken");
    assertThat(failed.errorMessage()).isEqualTo("It is broken for good");
    assertThat(failed.message()).isEqualTo("Failed at step-2; its effects were removed");
    assertThat(master.count("SELECT count(*) FROM sample_effects WHERE job_id = ?", broken))
        .isZero();
  }

  @Test
  void aTakeoverClosesTheDeadAttemptsOpenStepAsAbandonedAndFinishesWithoutDuplicates() {
    JobStore store = master.store(new SampleKind(master.dataSource));
    UUID id = master.queue(store, SampleKind.NAME, 1, Map.of("steps", 3)).get(0);
    SettableClock clock = new SettableClock(Instant.now());
    ClaimedJob dead = claim(store, "dead", clock, id).orElseThrow();
    // The dead worker finished step-1 and died inside step-2.
    JobRunner crashing =
        new JobRunner(
            store,
            clock,
            (job, step, status) -> {
              if (step.equals("step-2") && status == StepStatus.RUNNING) {
                throw new IllegalStateException("kill -9");
              }
            },
            JobMetrics.none());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> crashing.run(dead, "dead"))
        .hasMessage("kill -9");
    assertThat(claim(store, "rescuer", clock, id)).as("the lease still holds").isEmpty();

    clock.advance(LEASE.plusSeconds(1));
    ClaimedJob rescued = claim(store, "rescuer", clock, id).orElseThrow();
    assertThat(rescued.takeover()).isTrue();
    assertThat(rescued.attempt()).isEqualTo(2);
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(rescued, "rescuer");

    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    List<JobStepRecord> steps = store.steps(id);
    assertThat(steps)
        .extracting(JobStepRecord::step, JobStepRecord::attempt, JobStepRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("step-1", 1, StepStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("step-2", 1, StepStatus.ABANDONED),
            org.assertj.core.groups.Tuple.tuple("step-1", 2, StepStatus.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("step-2", 2, StepStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("step-3", 2, StepStatus.SUCCEEDED));
    assertThat(steps.get(1).message()).contains("dead").contains("rescuer");
    assertThat(master.count("SELECT count(*) FROM sample_effects WHERE job_id = ?", id))
        .isEqualTo(3);
  }

  /**
   * Issue 15, finding 7: every normal completion raced the next round's renewal, which found the
   * job ended and warned "Lease of job … no longer held". Here the renewal runs exactly in that
   * window (after the job's last write committed, before its worker let go of it): the job succeeds
   * and nothing of the engine logs a warning.
   */
  @Test
  void aRenewalThatFindsTheJobJustEndedIsNoWarning() {
    SampleKind sample = new SampleKind(master.dataSource);
    AtomicReference<Runnable> afterCommit = new AtomicReference<>();
    AtomicReference<JobEngine> engine = new AtomicReference<>();
    AtomicBoolean renewedAfterTheEnd = new AtomicBoolean();
    JobKind renewsAtItsEnd =
        new JobKind() {
          @Override
          public String name() {
            return sample.name();
          }

          @Override
          public JobResult run(JobContext job) {
            return sample.run(job);
          }

          @Override
          public void ended(JobRecord job, JobEnd end) {
            afterCommit.set(
                () -> {
                  engine.get().renewLeases();
                  renewedAfterTheEnd.set(true);
                });
          }
        };
    JobTransactions plain = JobTransactions.plain(master.dataSource);
    JobTransactions thenHook =
        new JobTransactions() {
          @Override
          public <T> T inTransaction(Work<T> work) {
            T result = plain.inTransaction(work);
            Runnable hook = afterCommit.getAndSet(null);
            if (hook != null) {
              hook.run();
            }
            return result;
          }

          @Override
          public Span begin() {
            return plain.begin();
          }
        };
    JobStore store = new JobStore(thenHook, JobKinds.of(renewsAtItsEnd), JobChanges.NONE);
    UUID id = master.queue(store, SampleKind.NAME, 1, Map.of("steps", 2)).get(0);
    List<String> warnings = new ArrayList<>();
    Handler capture = warningsOf("io.storeplane.jobs", warnings);
    Logger.getLogger("").addHandler(capture);
    try (JobEngine running = master.engine("w1", store, Clock.systemUTC(), LEASE, 1)) {
      engine.set(running);
      runToEnd(running, store, id);
      org.jboss.logging.Logger.getLogger(JobEngine.class).warn("capture probe");
    } finally {
      Logger.getLogger("").removeHandler(capture);
    }
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(renewedAfterTheEnd).as("the renewal ran after the job ended").isTrue();
    synchronized (warnings) {
      assertThat(warnings).as("the capture works").contains("capture probe");
      assertThat(warnings).as("warnings of the engine").containsExactly("capture probe");
    }
  }

  /** Collects the messages of warnings and errors of loggers under {@code prefix}. */
  private static Handler warningsOf(String prefix, List<String> into) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                && record.getLoggerName() != null
                && record.getLoggerName().startsWith(prefix)) {
              String message =
                  record.getParameters() == null || record.getParameters().length == 0
                      ? record.getMessage()
                      : String.format(record.getMessage(), record.getParameters());
              synchronized (into) {
                into.add(message);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    return handler;
  }

  @Test
  void twoInstancesOfFourThreadsWithTwentyQueuedJobsNeverHoldMoreThanEightLeases()
      throws Exception {
    JobStore store = master.store(new SampleKind(master.dataSource));
    List<UUID> ids =
        master.queue(store, SampleKind.NAME, 20, Map.of("steps", 2, "sleepMillis", 150));
    try (JobEngine a = master.engine("a", store, Clock.systemUTC(), LEASE, 4);
        JobEngine b = master.engine("b", store, Clock.systemUTC(), LEASE, 4)) {
      long most =
          hammer(
              List.of(a, b),
              ids,
              store,
              "SELECT count(*) FROM jobs WHERE status =" + " 'RUNNING' AND kind = 'sample'");
      assertThat(most).as("leases held at once").isBetween(1L, 8L);
    }
  }

  @Test
  void aKindsLimitsHoldAcrossInstancesInAllAndPerKey() throws Exception {
    SampleKind capped = new SampleKind(master.dataSource, new JobLimits(3, 2), List.of());
    JobStore store = master.store(capped);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(
          store
              .enqueue(
                  NewJob.of(SampleKind.NAME)
                      .limitKey(i % 2 == 0 ? "server-a" : "server-b")
                      .parameter("steps", 2)
                      .parameter("sleepMillis", 100),
                  Instant.now())
              .id());
    }
    AtomicLong mostOnA = new AtomicLong();
    try (JobEngine a = master.engine("a", store, Clock.systemUTC(), LEASE, 4);
        JobEngine b = master.engine("b", store, Clock.systemUTC(), LEASE, 4)) {
      long most =
          hammer(
              List.of(a, b),
              ids,
              store,
              "SELECT count(*) FROM jobs WHERE status = 'RUNNING' AND kind = 'sample'",
              () ->
                  mostOnA.accumulateAndGet(
                      master.count(
                          "SELECT count(*) FROM jobs WHERE status = 'RUNNING' AND limit_key ="
                              + " 'server-a'"),
                      Math::max));
      assertThat(most).as("running in all").isBetween(1L, 3L);
      assertThat(mostOnA.get()).as("running on one server").isBetween(1L, 2L);
    }
  }

  /**
   * Polls and claims from several threads per engine until every job ended, sampling {@code
   * runningSql}; returns the most it saw.
   */
  private long hammer(List<JobEngine> engines, List<UUID> ids, JobStore store, String runningSql)
      throws Exception {
    return hammer(engines, ids, store, runningSql, () -> {});
  }

  private long hammer(
      List<JobEngine> engines,
      List<UUID> ids,
      JobStore store,
      String runningSql,
      Runnable alsoSample)
      throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong most = new AtomicLong();
    AtomicLong mostBusy = new AtomicLong();
    ExecutorService pollers = Executors.newFixedThreadPool(engines.size() * 3 + 1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (JobEngine engine : engines) {
        for (int t = 0; t < 3; t++) {
          futures.add(
              pollers.submit(
                  () -> {
                    while (!done.get()) {
                      engine.poll();
                      engine.claim();
                      mostBusy.accumulateAndGet(engine.busy(), Math::max);
                    }
                  }));
        }
      }
      futures.add(
          pollers.submit(
              () -> {
                while (!done.get()) {
                  most.accumulateAndGet(master.count(runningSql), Math::max);
                  alsoSample.run();
                }
              }));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> ids.stream().allMatch(id -> store.find(id).orElseThrow().status().finished()));
    } finally {
      done.set(true);
      for (Future<?> future : futures) {
        future.get();
      }
      pollers.shutdown();
    }
    assertThat(ids).allMatch(id -> store.find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
    assertThat(mostBusy.get()).as("threads busy on one engine").isLessThanOrEqualTo(4);
    return most.get();
  }

  @Test
  void parametersSavedInsideAStepSurviveAWorkerThatDiesBeforeTheStepEnds() {
    JobKind intends =
        new JobKind() {
          @Override
          public String name() {
            return SampleKind.NAME;
          }

          @Override
          public JobResult run(JobContext job) {
            job.step(
                "create",
                () -> {
                  if (job.attempt() > 1) {
                    return StepOutcome.skipped("Found " + job.parameters().get("willCreate"));
                  }
                  job.parameters().put("willCreate", "thing-1");
                  job.saveParameters();
                  throw new Killed();
                });
            return JobResult.succeeded("Found what the dead attempt meant to create");
          }
        };
    JobStore store = master.store(intends);
    UUID id = master.queue(store, SampleKind.NAME, 1, Map.of()).get(0);
    SettableClock clock = new SettableClock(Instant.now());
    ClaimedJob dead = claim(store, "dead", clock, id).orElseThrow();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(dead, "dead"))
        .isInstanceOf(Killed.class);

    clock.advance(LEASE.plusSeconds(1));
    ClaimedJob rescued = claim(store, "rescuer", clock, id).orElseThrow();
    assertThat(rescued.parameters()).containsEntry("willCreate", "thing-1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new JobContext(store, intends, dead, "dead", clock, RunListener.NONE)
                    .saveParameters())
        .as("the dead worker no longer holds the lease")
        .isInstanceOf(LeaseLostException.class);
    new JobRunner(store, clock, RunListener.NONE, JobMetrics.none()).run(rescued, "rescuer");
    assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  /** A worker killed in the middle of a step: nothing after it runs. */
  private static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  private static Optional<ClaimedJob> claim(JobStore store, String worker, Clock clock, UUID id) {
    return store
        .claim(worker, clock.instant(), LEASE, 1, List.of(SampleKind.NAME), Optional.of(id))
        .stream()
        .findFirst();
  }

  private static void runToEnd(JobEngine engine, JobStore store, UUID id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              engine.poll();
              return store.find(id).orElseThrow().status().finished();
            });
  }
}
