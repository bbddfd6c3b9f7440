package io.storeplane.fleet.rollout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.storeplane.fleet.FleetException;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.NewJob;
import io.storeplane.master.store.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts and steers rollouts: plans a rollout's phases from its selection (the canary first, then
 * each wave up to its cumulative percent of the stores to migrate), records it, and queues the
 * workers ({@link RolloutKind} jobs) of its current phase, one per unit of parallelism, in the
 * transaction that records it (the job queue is in the same master database). Stores the ledger
 * already knows at the target are recorded skipped at once, without opening their databases.
 */
@ApplicationScoped
public class Rollouts {

  private final RolloutRecords records;
  private final RolloutReads reads;
  private final RolloutPreflight preflight;
  private final JobStore jobs;
  private final RolloutConfig config;
  private final Clock clock;

  Rollouts(
      RolloutRecords records,
      RolloutReads reads,
      RolloutPreflight preflight,
      JobStore jobs,
      RolloutConfig config,
      Clock clock) {
    this.records = records;
    this.reads = reads;
    this.preflight = preflight;
    this.jobs = jobs;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Validates, plans and starts a rollout. A plan that requires a clean preflight has its stores
   * checked first, outside any transaction (the check opens store databases and may take as long as
   * their connect timeouts), and records nothing unless every store is ready or up to date.
   *
   * @param createdBy who asked (for the record)
   * @return the new rollout
   * @throws FleetException {@code rollout-invalid}, {@code rollout-selects-no-store}, {@code
   *     preflight-not-clean}
   * @throws io.storeplane.clientschema.ClientSchemaException {@code unknown-schema-version}
   */
  public Rollout start(RolloutPlan plan, Optional<String> createdBy) {
    plan.validate(config.maxParallelism());
    List<StoreSelector.SelectedStore> selected = preflight.selected(plan.selector());
    if (plan.requireCleanPreflight()) {
      preflight.requireClean(plan.targetVersion(), selected);
    }
    return QuarkusTransaction.joiningExisting().call(() -> create(plan, createdBy, selected));
  }

  /** Records the rollout over {@code selected} and queues its first phase's workers. */
  private Rollout create(
      RolloutPlan plan, Optional<String> createdBy, List<StoreSelector.SelectedStore> selected) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    RolloutRecords.Planned planned = plan(id, plan, createdBy, selected);
    RolloutState state = records.create(planned, now);
    if (state == RolloutState.RUNNING) {
      startWorkers(id, new RolloutRecords.Start(0, planned.phases().get(0).parallelism(), now, 0));
    }
    return get(id);
  }

  /** Splits the stores to migrate into the canary and the waves; the others are skipped. */
  static RolloutRecords.Planned plan(
      UUID id,
      RolloutPlan plan,
      Optional<String> createdBy,
      List<StoreSelector.SelectedStore> selected) {
    List<StoreSelector.SelectedStore> work =
        selected.stream().filter(s -> s.schemaVersion() < plan.targetVersion()).toList();
    int n = work.size();
    List<RolloutRecords.PlannedPhase> phases = new ArrayList<>();
    int[] phaseOf = new int[n];
    int canary = Math.min(plan.canary().count(), n);
    phases.add(
        new RolloutRecords.PlannedPhase(
            0, null, plan.canaryParallelism(), plan.canary().soak(), canary));
    int taken = canary;
    for (int w = 0; w < plan.waves().size(); w++) {
      RolloutPlan.Wave wave = plan.waves().get(w);
      int upTo = Math.max(taken, (int) Math.ceil(wave.percent() * (double) n / 100));
      for (int i = taken; i < upTo; i++) {
        phaseOf[i] = w + 1;
      }
      phases.add(
          new RolloutRecords.PlannedPhase(
              w + 1, wave.percent(), wave.parallelism(), Duration.ZERO, upTo - taken));
      taken = upTo;
    }
    List<RolloutRecords.PlannedItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new RolloutRecords.PlannedItem(work.get(i).storeId(), phaseOf[i], i, 0));
    }
    int position = n;
    for (StoreSelector.SelectedStore store : selected) {
      if (store.schemaVersion() >= plan.targetVersion()) {
        items.add(
            new RolloutRecords.PlannedItem(store.storeId(), -1, position++, store.schemaVersion()));
      }
    }
    return new RolloutRecords.Planned(id, plan, createdBy, phases, items);
  }

  /** The rollout as it stands. */
  public Rollout get(UUID id) {
    return reads.find(id, clock.instant()).orElseThrow(() -> RolloutRecords.notFound(id));
  }

  /** Rollouts, newest first. */
  public Page<Rollout> list(int page, int size) {
    return reads.list(page, size, clock.instant());
  }

  /** A rollout's stores, optionally of one state. */
  public Page<Rollout.Item> items(UUID id, Optional<ItemState> state, int page, int size) {
    get(id);
    return reads.items(id, state, page, size);
  }

  /** Pauses a running rollout. */
  public Rollout pause(UUID id, Optional<String> by) {
    records.pause(id, "Paused by " + by.orElse("an operator"), clock.instant());
    return get(id);
  }

  /** Resumes a paused rollout from its current phase. */
  @Transactional
  public Rollout resume(UUID id) {
    startWorkers(id, records.resume(id, clock.instant()));
    return get(id);
  }

  /**
   * Cancels a running or paused rollout; its workers still queued (for the soak, a retry) are
   * cancelled too, the running ones end at their next turn.
   */
  @Transactional
  public Rollout cancel(UUID id) {
    records.cancel(id, clock.instant());
    for (UUID worker : records.queuedWorkers(id)) {
      jobs.requestCancel(worker, clock.instant());
    }
    return get(id);
  }

  /** Tries the rollout's failed stores again. */
  @Transactional
  public Rollout retryFailed(UUID id) {
    startWorkers(id, records.retryFailed(id, clock.instant()).getKey());
    return get(id);
  }

  /**
   * A worker's next turn ({@link RolloutRecords#turn}); when it begins the next phase, that phase's
   * workers are queued in the same transaction, so a phase never begins without them.
   */
  @Transactional
  Turn turn(UUID id, UUID worker) {
    Turn turn = records.turn(id, worker, config.storeAttempts(), clock.instant());
    if (turn instanceof Turn.Advanced advanced) {
      startWorkers(
          id,
          new RolloutRecords.Start(
              advanced.phase(),
              advanced.parallelism(),
              advanced.startsAt(),
              advanced.generation()));
    }
    return turn;
  }

  /**
   * Sweeps a running rollout ({@link RolloutSweepKind}): the stores its dead workers held go back
   * to pending and, when it has no live worker left, its phase's workers are queued again, in the
   * transaction that found none. {@code round} (the sweep job's id) keeps the new workers' keys
   * apart from the phase's first ones and from another sweep's, and makes a sweep that is run again
   * after its own crash queue nothing twice.
   *
   * @return whether workers were queued
   */
  @Transactional
  public boolean sweep(UUID id, String round) {
    Optional<RolloutRecords.Start> start = records.sweep(id, clock.instant());
    start.ifPresent(s -> startWorkers(id, s, "sweep-" + round + ":"));
    return start.isPresent();
  }

  /** The running rollouts, oldest first. */
  public List<UUID> running() {
    return records.running();
  }

  void startWorkers(UUID id, RolloutRecords.Start start) {
    startWorkers(id, start, "");
  }

  /**
   * Queues the workers of a phase: one job per unit of its parallelism, idempotent per rollout,
   * phase, generation (resumes and retries), {@code round} (a sweep's) and worker, so a phase is
   * never given its workers twice. A worker left from before that still runs takes part too: the
   * claim allows no more than the phase's parallelism of stores at once whatever the number of
   * workers.
   */
  private void startWorkers(UUID id, RolloutRecords.Start start, String round) {
    for (int lane = 0; lane < start.parallelism(); lane++) {
      NewJob worker =
          NewJob.of(RolloutKind.NAME)
              .parameter(RolloutKind.ROLLOUT, id.toString())
              .parameter(RolloutKind.PHASE, start.phase())
              .idempotencyKey(
                  Optional.of(
                      "fleet.rollout:%s:%d:%d:%s%d"
                          .formatted(id, start.phase(), start.generation(), round, lane)))
              .runAfter(start.startsAt());
      jobs.enqueue(worker, clock.instant());
    }
  }
}
