package io.storeplane.fleet.rollout;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.error.FieldFailure;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a rollout is asked to do: the version, the stores, a canary and its soak, the waves
 * (cumulative percents of the stores to migrate, each with its parallelism), and what a wave whose
 * failure rate passes {@code maxFailureRate} does.
 *
 * @param targetVersion the client schema version to reach
 * @param selector which stores
 * @param canary the first stores, migrated before every wave, and the soak after them
 * @param waves the waves in order; percents increase and the last is 100
 * @param maxFailureRate the share of a phase's stores that may fail (0 to 1) before {@code
 *     onFailure} applies
 * @param onFailure pause the rollout, or go on
 * @param requireCleanPreflight run the fleet preflight over the selection first and start nothing
 *     unless every store is ready or up to date ({@link RolloutPreflight})
 */
public record RolloutPlan(
    int targetVersion,
    StoreSelection selector,
    Canary canary,
    List<Wave> waves,
    double maxFailureRate,
    OnFailure onFailure,
    boolean requireCleanPreflight) {

  /**
   * @param count how many stores go first (0: no canary)
   * @param soak how long to wait after the canary before the first wave, at most {@link #MAX_SOAK}
   */
  public record Canary(int count, Duration soak) {}

  /**
   * @param percent the cumulative share of the stores to migrate (the selected stores below the
   *     target version; the ones already at it are skipped and not counted) migrated once the wave
   *     ends, canary included
   * @param parallelism stores migrated at once in the wave
   */
  public record Wave(int percent, int parallelism) {}

  /** What a phase whose failure rate passes the limit does. */
  public enum OnFailure {
    PAUSE,
    CONTINUE
  }

  /**
   * The longest canary soak: a soak is a wait for an operator to look, not a schedule; a bound also
   * keeps the phase's start time within what the master's timestamps hold.
   */
  public static final Duration MAX_SOAK = Duration.ofDays(30);

  public RolloutPlan {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(canary, "canary");
    Objects.requireNonNull(onFailure, "onFailure");
    waves = List.copyOf(waves);
  }

  /**
   * Checks the plan can run as asked.
   *
   * @throws io.storeplane.clientschema.ClientSchemaException {@code unknown-schema-version}
   * @throws FleetException {@code rollout-invalid} naming the field
   */
  public void validate(int maxParallelism) {
    ClientSchema.requireKnown(targetVersion);
    if (canary.count() < 0) {
      throw invalid("canary.count", "must be 0 or more", "");
    }
    if (canary.soak().isNegative()) {
      throw invalid("canary.soak", "must not be negative", "");
    }
    if (canary.soak().compareTo(MAX_SOAK) > 0) {
      throw invalid("canary.soak", "at most 30 days (P30D)", ", not " + canary.soak());
    }
    if (waves.isEmpty()) {
      throw invalid("waves", "at least one wave, the last at 100 percent", "");
    }
    int previous = 0;
    for (int i = 0; i < waves.size(); i++) {
      Wave wave = waves.get(i);
      if (wave.percent() <= previous || wave.percent() > 100) {
        throw invalid(
            "waves[%d].percent".formatted(i),
            "cumulative percents increase, from 1 to 100",
            " (got %d after %d)".formatted(wave.percent(), previous));
      }
      if (wave.parallelism() < 1 || wave.parallelism() > maxParallelism) {
        throw invalid(
            "waves[%d].parallelism".formatted(i),
            "from 1 to %d (storeplane.fleet.rollout.max-parallelism)".formatted(maxParallelism),
            "");
      }
      previous = wave.percent();
    }
    if (previous != 100) {
      throw invalid("waves", "the last wave's percent must be 100", ", not " + previous);
    }
    if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
      throw invalid("maxFailureRate", "from 0 to 1", "");
    }
  }

  /** The canary's parallelism: the first wave's, at most its store count, at least 1. */
  public int canaryParallelism() {
    return Math.max(1, Math.min(canary.count(), waves.get(0).parallelism()));
  }

  /**
   * A refusal of {@code field} for breaking {@code rule}; {@code particulars} add what was sent.
   */
  private static FleetException invalid(String field, String rule, String particulars) {
    return new FleetException(
        FleetError.ROLLOUT_INVALID, new FieldFailure(field, rule), particulars);
  }
}
