package io.storeplane.jobs;

import io.storeplane.error.StoreplaneException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What a kind's run sees of its job: identity, durable parameters, and the recorded steps. Every
 * record first checks that this worker still holds the lease ({@link LeaseLostException}). A step's
 * end is recorded with the job's next write (the next step's start, or the job's end, retry or
 * wait), so a step boundary costs one transaction. A step that reaches nothing a crash or a cancel
 * must find it in ({@link #stepRecordedAfter}) costs none of its own: its start is recorded with
 * its end, in that next write, and its master writes are made in that write's transaction (a
 * {@linkplain JobTransactions#begin span} from the first such step to the write).
 */
public final class JobContext {

  /** A step's work. */
  @FunctionalInterface
  public interface StepBody {
    StepOutcome run();
  }

  private final JobStore store;
  private final JobKind kind;
  private final ClaimedJob job;
  private final String worker;
  private final Clock clock;
  private final RunListener listener;
  private String currentStep;

  /** How the steps since the job's last write ended, in the order they ran. */
  private final List<StepEnd> ended = new ArrayList<>();

  /** Whether the running step is one {@link #stepRecordedAfter recorded after} it runs. */
  private boolean recordedAfter;

  /**
   * The transaction the steps recorded after since the job's last write made their master writes
   * in, ended by the next write (committed with it, or rolled back); null when none is open.
   */
  private JobTransactions.Span span;

  /**
   * The job's parameters as they were when the span began: a span rolled back puts them back, so
   * what the steps recorded after set in memory goes with what they wrote (a warm-pool claim undone
   * leaves no parameter naming its database).
   */
  private Map<String, Object> parametersBeforeSpan;

  JobContext(
      JobStore store,
      JobKind kind,
      ClaimedJob job,
      String worker,
      Clock clock,
      RunListener listener) {
    this.store = store;
    this.kind = kind;
    this.job = job;
    this.worker = worker;
    this.clock = clock;
    this.listener = listener;
  }

  public UUID id() {
    return job.id();
  }

  public String kind() {
    return job.kind();
  }

  public Optional<UUID> storeId() {
    return job.storeId();
  }

  /** This claim's attempt (1 for the first). */
  public int attempt() {
    return job.attempt();
  }

  /** The job's durable parameters; what a step adds is saved with the step's end. */
  public Map<String, Object> parameters() {
    return job.parameters();
  }

  /**
   * Saves the parameters now, before the step ends: a step records what it is about to do (say, the
   * name of what it will create) so that a takeover or a clean-up after a crash knows it. In a step
   * {@linkplain #stepRecordedAfter recorded after} it runs, the master writes of the steps recorded
   * after so far are committed with them.
   *
   * @throws LeaseLostException when this worker no longer holds the lease
   */
  public void saveParameters() {
    // inside steps recorded after, what they wrote so far commits with the parameters, so they
    // are durable before the step acts on them, as outside; the rest goes in a span again
    boolean spanning = span != null;
    saveAndCommit();
    if (spanning) {
      begin();
    }
  }

  /**
   * Called by a step before it reaches anything outside the master database (a database server, a
   * provider's API). In a step {@linkplain #stepRecordedAfter recorded after} it runs, which may
   * find out only as it runs that it must go outside, what the steps recorded after wrote so far is
   * committed with the job's parameters (checking the lease), and the rest of the step runs as a
   * recorded step's would: its master writes commit on their own, and no master transaction stays
   * open on its thread while it is outside. Otherwise nothing.
   *
   * @throws LeaseLostException when this worker no longer holds the lease
   */
  public void beforeLeavingMaster() {
    if (span != null) {
      saveAndCommit();
    }
  }

  /**
   * Saves the parameters, in the span when one is open, then commits it (nothing to commit without
   * one); a failed save rolls the span back.
   */
  private void saveAndCommit() {
    try {
      store.saveParameters(job.id(), worker, job.parameters(), clock.instant());
    } catch (RuntimeException | Error e) {
      rollBack();
      throw e;
    }
    commit();
  }

  /** The claimed job. */
  public ClaimedJob claimed() {
    return job;
  }

  /** Runs one recorded step that leaves progress as it is. */
  public StepOutcome step(String name, StepBody body) {
    return step(name, -1, body);
  }

  /**
   * Runs one recorded step: records the previous steps' ends and this one's start in one
   * transaction, which also checks the lease and whether cancellation was asked for ({@link
   * CancelRequested}: this step does not start, and the writes of the steps recorded after before
   * it are undone); runs it; keeps how it ended (with {@code progressWhenDone}, negative:
   * unchanged, raised unless it failed) for the job's next write, the next step's start or the
   * job's end, retry or wait. A failure is thrown on, translated into the error model by the kind.
   */
  public StepOutcome step(String name, int progressWhenDone, StepBody body) {
    List<StepEnd> previous = List.copyOf(ended);
    boolean cancel;
    try {
      cancel =
          store.step(
              job.id(), worker, previous, name, job.attempt(), job.parameters(), clock.instant());
    } catch (RuntimeException | Error e) {
      rollBack();
      throw e;
    }
    if (cancel && span != null) {
      // asked for while steps recorded after ran: their writes go (a claim of theirs is undone
      // rather than made the job's and dropped by its clean-up), and their ends are recorded by
      // the cancel's own write, as when the end sees a cancel
      rollBack();
      throw CancelRequested.beforeStep(name);
    }
    commit();
    ended.clear();
    told(previous);
    if (cancel) {
      throw CancelRequested.beforeStep(name);
    }
    tell(name, StepStatus.RUNNING);
    return run(name, progressWhenDone, body, null);
  }

  /**
   * Runs one step without a write before it: for a step that reaches nothing a crash or a cancel
   * must find it in (it only reads or writes the master database, or works in memory), so a step
   * that a crash cuts short is simply run again by the next attempt. Its start and end are recorded
   * together, in the order the steps ran, with the job's next write (the next step's start, or the
   * job's end, retry or wait), which also checks the lease and the cancel flag: a cancel asked for
   * before it is seen there. Such a step reports no {@link #progress progress} of its own (it has
   * no record yet).
   *
   * <p>Its master writes (those of the services it calls, which join the thread's transaction) are
   * made in the transaction of that next write: they commit with the step's record, or not at all.
   * When a step recorded after fails, or the write finds the lease lost or a cancel at the end, the
   * writes of every step recorded after since the job's last write are rolled back and the job's
   * parameters are put back as they were before them (the next attempt runs them again); the steps'
   * ends are still recorded, as they ran. A step that finds it must reach outside the master after
   * all calls {@link #beforeLeavingMaster} first.
   */
  public StepOutcome stepRecordedAfter(String name, int progressWhenDone, StepBody body) {
    recordedAfter = true;
    if (span == null) {
      begin();
    }
    return run(name, progressWhenDone, body, clock.instant());
  }

  /** Runs a step's body and keeps how it ended; {@code startedAt} null: its start is recorded. */
  private StepOutcome run(String name, int progressWhenDone, StepBody body, Instant startedAt) {
    currentStep = name;
    StepOutcome outcome;
    try {
      outcome = body.run();
    } catch (LeaseLostException | CancelRequested | WorkerStopped e) {
      rollBack();
      throw e;
    } catch (RuntimeException e) {
      rollBack();
      StoreplaneException failure = kind.translate(name, e);
      ended.add(
          new StepEnd(
              name,
              job.attempt(),
              StepStatus.FAILED,
              failure.getMessage(),
              -1,
              -1,
              startedAt,
              clock.instant()));
      throw new StepFailed(name, failure);
    } catch (Error e) {
      // a dying worker: its connection's end would roll the span back
      rollBack();
      throw e;
    } finally {
      recordedAfter = false;
    }
    ended.add(
        new StepEnd(
            name,
            job.attempt(),
            outcome.status(),
            outcome.message(),
            progressWhenDone,
            outcome.unitsDone(),
            startedAt,
            clock.instant()));
    return outcome;
  }

  /**
   * Ends the job with the ends of the steps since its last write, in one transaction (the kind's
   * end hook included). A success that records steps {@link #stepRecordedAfter recorded after}
   * first checks, in the same statement, that no one asked to cancel the job meanwhile ({@link
   * CancelRequested}: nothing is written, and the runner cancels the job instead).
   *
   * @throws LeaseLostException when this worker no longer holds the lease
   */
  void finish(
      JobStatus status, String message, String errorCode, String errorMessage, int failures) {
    withLastStep(
        last ->
            store.finish(
                job.id(),
                worker,
                last,
                status,
                message,
                errorCode,
                errorMessage,
                job.parameters(),
                failures,
                clock.instant()));
  }

  /**
   * Puts the job back in the queue until {@code runAfter} with the ends of the steps since its last
   * write, in one transaction.
   *
   * @throws LeaseLostException when this worker no longer holds the lease
   */
  void requeue(
      Instant runAfter, String message, String errorCode, String errorMessage, int failures) {
    withLastStep(
        last ->
            store.requeue(
                job.id(),
                worker,
                last,
                runAfter,
                message,
                errorCode,
                errorMessage,
                job.parameters(),
                failures,
                clock.instant()));
  }

  /**
   * A write that records the steps' ends (if any), in the span of the steps recorded after when one
   * is open; the listener hears of them after.
   */
  private void withLastStep(Consumer<List<StepEnd>> write) {
    List<StepEnd> last = List.copyOf(ended);
    try {
      write.accept(last);
    } catch (RuntimeException | Error e) {
      rollBack();
      throw e;
    }
    commit();
    ended.clear();
    told(last);
  }

  /** Begins a span for the steps recorded after, keeping the parameters as they are now. */
  private void begin() {
    parametersBeforeSpan = new HashMap<>(job.parameters());
    span = store.begin();
  }

  /**
   * Commits the span of the steps recorded after, if one is open, with the write just made; one
   * that fails to commit was rolled back, and the parameters are put back as for {@link #rollBack}.
   */
  private void commit() {
    JobTransactions.Span open = span;
    span = null;
    if (open != null) {
      try {
        open.commit();
      } catch (RuntimeException e) {
        restoreParameters();
        throw e;
      }
    }
  }

  /**
   * Rolls back the span of the steps recorded after, if one is open: their master writes are undone
   * and the parameters they set are put back (the runner records how they ended in a transaction of
   * its own).
   */
  void rollBack() {
    JobTransactions.Span open = span;
    span = null;
    if (open != null) {
      open.rollback();
      restoreParameters();
    }
  }

  private void restoreParameters() {
    job.parameters().clear();
    job.parameters().putAll(parametersBeforeSpan);
  }

  /**
   * Progress inside the current step: percent (never goes down), units done of the job's total, and
   * a message.
   */
  public void progress(int percent, int unitsDone, String message) {
    if (recordedAfter) {
      throw new IllegalStateException(
          "Step " + currentStep + " is recorded after it runs: it reports no progress of its own");
    }
    store.progress(job.id(), worker, percent, unitsDone, message, clock.instant());
    tell(currentStep, StepStatus.RUNNING);
  }

  /** Tells the listener of steps' ends once they are recorded. */
  private void told(List<StepEnd> recorded) {
    for (StepEnd end : recorded) {
      tell(end.step(), end.status());
    }
  }

  private void tell(String step, StepStatus status) {
    try {
      listener.changed(job, step, status);
    } catch (RuntimeException e) {
      throw new WorkerStopped(e);
    }
  }

  /**
   * A step failed; the worker keeps its end and the runner records it with the job's retry or
   * failure, in the same transaction.
   */
  static final class StepFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final String step;
    final transient StoreplaneException failure;

    StepFailed(String step, StoreplaneException failure) {
      super(failure.getMessage(), failure, false, false);
      this.step = step;
      this.failure = failure;
    }
  }

  /** The run listener threw: the run stops as if its worker had died. */
  static final class WorkerStopped extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WorkerStopped(RuntimeException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    RuntimeException cause() {
      return (RuntimeException) getCause();
    }
  }
}
