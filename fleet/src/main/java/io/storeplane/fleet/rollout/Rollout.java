package io.storeplane.fleet.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A rollout as it stands: its request, state, phases with their counts, and an estimate of the time
 * left.
 *
 * @param requireCleanPreflight whether it was started only once every selected store's preflight
 *     was clean
 * @param phase the phase running now (0 the canary, then the waves)
 * @param phaseStartsAt when the current phase may start (the canary's soak ends)
 * @param pauseReason why it is paused, when it is
 * @param waves the canary (phase 0) and the waves, each with its stores' counts
 * @param counts the stores' counts over the whole rollout
 * @param timeLeft the average migration so far times the stores left, over the current phase's
 *     parallelism, plus the soak left; empty before any store was migrated or once it ended
 */
public record Rollout(
    UUID id,
    int targetVersion,
    StoreSelection selector,
    double maxFailureRate,
    RolloutPlan.OnFailure onFailure,
    boolean requireCleanPreflight,
    RolloutState state,
    int phase,
    Instant phaseStartsAt,
    Optional<String> pauseReason,
    Optional<String> createdBy,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> finishedAt,
    List<Phase> waves,
    Counts counts,
    Optional<Duration> timeLeft) {

  /**
   * One phase.
   *
   * @param phase 0 the canary, then the waves
   * @param percent the wave's cumulative percent; empty for the canary
   * @param soak the canary's soak (zero for a wave)
   * @param storeCount stores of the phase
   * @param counts its stores' counts
   */
  public record Phase(
      int phase,
      Optional<Integer> percent,
      int parallelism,
      Duration soak,
      int storeCount,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      Counts counts) {}

  /** Stores by state. */
  public record Counts(int total, int pending, int running, int applied, int failed, int skipped) {

    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

    Counts plus(ItemState state, int n) {
      return new Counts(
          total + n,
          pending + (state == ItemState.PENDING ? n : 0),
          running + (state == ItemState.RUNNING ? n : 0),
          applied + (state == ItemState.APPLIED ? n : 0),
          failed + (state == ItemState.FAILED ? n : 0),
          skipped + (state == ItemState.SKIPPED ? n : 0));
    }
  }

  /**
   * One store of a rollout.
   *
   * @param phase its phase; -1 when it was already at the target when the rollout started
   * @param attempts tries in this rollout
   * @param errorCode the last failure's stable code (also while a retry waits)
   */
  public record Item(
      UUID storeId,
      String slug,
      int phase,
      ItemState state,
      int attempts,
      Optional<Integer> fromVersion,
      Optional<Integer> toVersion,
      Optional<Instant> startedAt,
      Optional<Instant> finishedAt,
      Optional<Long> durationMs,
      Optional<String> errorCode,
      Optional<String> errorMessage) {}
}
