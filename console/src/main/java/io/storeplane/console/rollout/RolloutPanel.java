package io.storeplane.console.rollout;

import io.quarkus.qute.TemplateData;
import io.storeplane.fleet.rollout.Rollout;
import io.storeplane.fleet.rollout.RolloutState;
import io.storeplane.fleet.rollout.RolloutStreams;
import io.storeplane.master.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A rollout as its console page shows it: its state and pause reason, progress, the canary and each
 * wave with their counts, the estimate of the time left, which actions apply, and one page of its
 * stores.
 *
 * @param id the rollout's id
 * @param state running, paused, completed or cancelled
 * @param pauseReason why it is paused ("" when it is not)
 * @param targetVersion the client schema version it moves stores to
 * @param progress applied and skipped stores of all, in percent
 * @param counts the stores' counts over the whole rollout
 * @param timeLeft the estimate of the time left, as a person reads it ("" when there is none)
 * @param finished whether it completed or was cancelled
 * @param pausable whether Pause applies (it runs)
 * @param resumable whether Resume applies (it is paused)
 * @param cancellable whether Cancel applies (it runs or is paused)
 * @param retryable whether Retry failed applies (a store failed and it was not cancelled)
 * @param phases the canary, then the waves
 * @param stores one page of its stores, by phase and position
 * @param page that page's index
 * @param hasNext whether a page of stores follows
 */
@TemplateData
@TemplateData(target = Rollout.Counts.class)
public record RolloutPanel(
    String id,
    String state,
    String pauseReason,
    int targetVersion,
    int progress,
    Rollout.Counts counts,
    String timeLeft,
    boolean finished,
    boolean pausable,
    boolean resumable,
    boolean cancellable,
    boolean retryable,
    List<PhaseRow> phases,
    List<StoreRow> stores,
    int page,
    boolean hasNext) {

  /** Whether any action applies: it has not ended, or it has failed stores to retry. */
  public boolean steerable() {
    return !finished || retryable;
  }

  /** One phase: the canary (with its soak) or a wave (with its cumulative percent). */
  @TemplateData
  public record PhaseRow(
      String name,
      String size,
      int parallelism,
      int storeCount,
      Rollout.Counts counts,
      boolean current,
      String startedAt,
      String finishedAt) {

    /** Its stores still to migrate (pending or migrating now). */
    public int left() {
      return counts.pending() + counts.running();
    }
  }

  /** One store of the rollout and where it stands. */
  @TemplateData
  public record StoreRow(
      String storeId, String slug, String phase, String state, int attempts, String lastError) {}

  static RolloutPanel of(Rollout rollout, Page<Rollout.Item> stores, Instant now) {
    Rollout.Counts counts = rollout.counts();
    RolloutState state = rollout.state();
    boolean finished = RolloutStreams.ended(rollout);
    return new RolloutPanel(
        rollout.id().toString(),
        RolloutRow.lower(state),
        rollout.pauseReason().orElse(""),
        rollout.targetVersion(),
        RolloutRow.percent(counts.applied() + counts.skipped(), counts.total()),
        counts,
        rollout.timeLeft().map(RolloutPanel::readable).orElse(""),
        finished,
        state == RolloutState.RUNNING,
        state == RolloutState.PAUSED,
        !finished,
        counts.failed() > 0 && state != RolloutState.CANCELLED,
        rollout.waves().stream().map(p -> phase(p, rollout, now)).toList(),
        stores.items().stream().map(RolloutPanel::store).toList(),
        stores.page(),
        stores.page() + 1 < stores.totalPages());
  }

  private static PhaseRow phase(Rollout.Phase phase, Rollout rollout, Instant now) {
    boolean canary = phase.phase() == 0;
    String size =
        canary
            ? (phase.soak().isZero() ? "no soak" : "soak " + readable(phase.soak()))
            : "up to " + phase.percent().orElse(100) + " %";
    String started =
        phase
            .startedAt()
            .map(Instant::toString)
            .orElse(
                phase.phase() == rollout.phase()
                        && !RolloutStreams.ended(rollout)
                        && rollout.phaseStartsAt().isAfter(now)
                    ? "from " + rollout.phaseStartsAt()
                    : "");
    return new PhaseRow(
        canary ? "Canary" : "Wave " + phase.phase(),
        size,
        phase.parallelism(),
        phase.storeCount(),
        phase.counts(),
        phase.phase() == rollout.phase() && !RolloutStreams.ended(rollout),
        started,
        phase.finishedAt().map(Instant::toString).orElse(""));
  }

  private static StoreRow store(Rollout.Item item) {
    Optional<String> error =
        item.errorCode().map(code -> code + item.errorMessage().map(m -> ": " + m).orElse(""));
    return new StoreRow(
        item.storeId().toString(),
        item.slug(),
        item.phase() < 0
            ? "already at the target"
            : item.phase() == 0 ? "canary" : "wave " + item.phase(),
        RolloutRow.lower(item.state()),
        item.attempts(),
        error.orElse(""));
  }

  /** A duration as a person reads it: {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}. */
  static String readable(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = (seconds + 30) / 60;
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
  }
}
