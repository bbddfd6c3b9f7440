package io.storeplane.api.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.storeplane.api.page.PageResponse;
import io.storeplane.fleet.rollout.Rollout;
import io.storeplane.fleet.rollout.StoreSelection;
import io.storeplane.master.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A rollout as the API shows it: its request, state, phases with counts, the time left, and (on
 * {@code GET /api/v1/rollouts/{id}}) one page of its stores.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
    name = "Rollout",
    description =
        "A rollout: its state, the canary (phase 0) and waves with their stores' counts, and an"
            + " estimate of the time left. Fields without a value are left out.")
public record RolloutResponse(
    @Schema(required = true) UUID id,
    @Schema(required = true, example = "4") int targetVersion,
    @Schema(
            required = true,
            enumeration = {"running", "paused", "completed", "cancelled"},
            example = "running")
        String state,
    @Schema(required = true, description = "The phase running now: 0 the canary, then the waves")
        int phase,
    @Schema(
            required = true,
            description = "When the current phase may start (the canary's soak ends then)")
        Instant phaseStartsAt,
    @Schema(description = "Why it is paused: an operator, or a phase past maxFailureRate")
        String pauseReason,
    @Schema(required = true) StoreSelection selector,
    @Schema(required = true, example = "0.05") double maxFailureRate,
    @Schema(
            required = true,
            enumeration = {"pause", "continue"})
        String onFailure,
    @Schema(
            required = true,
            description =
                "Whether it was started only once the preflight of every selected store was clean")
        boolean requireCleanPreflight,
    @Schema(description = "Who started it") String createdBy,
    @Schema(required = true) Instant createdAt,
    @Schema(required = true) Instant updatedAt,
    @Schema(description = "When it completed or was cancelled") Instant finishedAt,
    @Schema(required = true, description = "Stores by state, over the whole rollout") Counts counts,
    @Schema(required = true, description = "The canary (phase 0) and the waves")
        List<PhaseResponse> waves,
    @Schema(
            description =
                "The time left, ISO-8601: the average migration so far times the stores left over"
                    + " their phase's parallelism, plus the soak left; absent before a store was"
                    + " migrated and when not running",
            example = "PT2M30S")
        String estimatedTimeLeft,
    @Schema(description = "One page of its stores (on `GET /api/v1/rollouts/{id}` only)")
        PageResponse<StoreResponse> stores) {

  /** Stores by state. */
  @Schema(name = "RolloutCounts")
  public record Counts(int total, int pending, int running, int applied, int failed, int skipped) {
    static Counts of(Rollout.Counts c) {
      return new Counts(c.total(), c.pending(), c.running(), c.applied(), c.failed(), c.skipped());
    }
  }

  /** One phase. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "RolloutPhase")
  public record PhaseResponse(
      @Schema(required = true, description = "0 the canary, then the waves") int phase,
      @Schema(description = "The wave's cumulative percent (absent for the canary)")
          Integer percent,
      @Schema(required = true) int parallelism,
      @Schema(description = "The canary's soak, ISO-8601") String soak,
      @Schema(required = true, description = "Stores in the phase") int storeCount,
      Instant startedAt,
      Instant finishedAt,
      @Schema(required = true) Counts counts) {}

  /** One store of a rollout. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "RolloutStore")
  public record StoreResponse(
      @Schema(required = true) UUID storeId,
      @Schema(required = true) String slug,
      @Schema(
              required = true,
              description = "Its phase; -1: already at the target when the rollout started")
          int phase,
      @Schema(
              required = true,
              enumeration = {"pending", "running", "applied", "failed", "skipped"})
          String state,
      @Schema(required = true, description = "Tries in this rollout") int attempts,
      Integer fromVersion,
      Integer toVersion,
      Instant startedAt,
      Instant finishedAt,
      Long durationMs,
      @Schema(
              description =
                  "The last failure's problem code (also while a retry waits), e.g."
                      + " `migration-failed`, `schema-lock-timeout`, `store-schema-busy`")
          String errorCode,
      @Schema(description = "The last failure's message, or why it was skipped")
          String errorMessage) {

    static StoreResponse of(Rollout.Item i) {
      return new StoreResponse(
          i.storeId(),
          i.slug(),
          i.phase(),
          lower(i.state()),
          i.attempts(),
          i.fromVersion().orElse(null),
          i.toVersion().orElse(null),
          i.startedAt().orElse(null),
          i.finishedAt().orElse(null),
          i.durationMs().orElse(null),
          i.errorCode().orElse(null),
          i.errorMessage().orElse(null));
    }
  }

  /** The rollout without its stores (lists and the event stream). */
  static RolloutResponse of(Rollout r) {
    return of(r, null);
  }

  /** The rollout with one page of its stores. */
  static RolloutResponse of(Rollout r, Page<Rollout.Item> stores) {
    return new RolloutResponse(
        r.id(),
        r.targetVersion(),
        lower(r.state()),
        r.phase(),
        r.phaseStartsAt(),
        r.pauseReason().orElse(null),
        r.selector(),
        r.maxFailureRate(),
        lower(r.onFailure()),
        r.requireCleanPreflight(),
        r.createdBy().orElse(null),
        r.createdAt(),
        r.updatedAt(),
        r.finishedAt().orElse(null),
        Counts.of(r.counts()),
        r.waves().stream()
            .map(
                p ->
                    new PhaseResponse(
                        p.phase(),
                        p.percent().orElse(null),
                        p.parallelism(),
                        p.phase() == 0 ? p.soak().toString() : null,
                        p.storeCount(),
                        p.startedAt().orElse(null),
                        p.finishedAt().orElse(null),
                        Counts.of(p.counts())))
            .toList(),
        r.timeLeft().map(Object::toString).orElse(null),
        stores == null ? null : PageResponse.of(stores.map(StoreResponse::of)));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
