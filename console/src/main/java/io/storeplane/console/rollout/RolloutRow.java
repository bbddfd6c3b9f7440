package io.storeplane.console.rollout;

import io.quarkus.qute.TemplateData;
import io.storeplane.fleet.rollout.Rollout;
import java.time.Instant;
import java.util.Locale;

/**
 * A rollout as the list shows it.
 *
 * @param id its id
 * @param state running, paused, completed or cancelled
 * @param targetVersion the client schema version it moves stores to
 * @param done stores applied or skipped
 * @param total stores it selected
 * @param failed stores that failed
 * @param progress {@code done} of {@code total} in percent
 * @param createdBy who started it ("" when unknown)
 * @param createdAt when
 */
@TemplateData
public record RolloutRow(
    String id,
    String state,
    int targetVersion,
    int done,
    int total,
    int failed,
    int progress,
    String createdBy,
    Instant createdAt) {

  /** The id's first eight characters, the link's text. */
  public String shortId() {
    return id.substring(0, 8);
  }

  static RolloutRow of(Rollout rollout) {
    Rollout.Counts counts = rollout.counts();
    int done = counts.applied() + counts.skipped();
    return new RolloutRow(
        rollout.id().toString(),
        lower(rollout.state()),
        rollout.targetVersion(),
        done,
        counts.total(),
        counts.failed(),
        percent(done, counts.total()),
        rollout.createdBy().orElse(""),
        rollout.createdAt());
  }

  /** {@code part} of {@code whole} in whole percent; 100 for nothing to do. */
  static int percent(int part, int whole) {
    return whole == 0 ? 100 : Math.max(0, Math.min(100, part * 100 / whole));
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
