package io.storeplane.api.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeplane.fleet.preflight.FleetPreflight;
import io.storeplane.fleet.preflight.PreflightState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The preflight of every store a rollout's selector selects: whether all can be migrated (or have
 * nothing to do), the count per state, and each store's report as {@code GET
 * /api/v1/stores/{id}/schema/preflight} answers it.
 *
 * @param targetVersion the version a rollout would reach
 * @param checkedAt when the check began
 * @param clean every store ready or up to date: a rollout that requires a clean preflight starts
 * @param counts stores per state, keyed as the reports' {@code state}
 * @param stores one report per selected store, oldest store first (a rollout's order)
 */
@Schema(
    name = "FleetPreflight",
    description =
        "Whether the migration of every selected store to a target version can apply, checked now"
            + " without changing anything.")
public record FleetPreflightResponse(
    @Schema(required = true, example = "4") int targetVersion,
    @Schema(required = true, implementation = String.class, format = "date-time") Instant checkedAt,
    @Schema(
            required = true,
            description =
                "Every store is `ready` or `up-to-date`: a rollout with `requireCleanPreflight`"
                    + " would start",
            example = "false")
        boolean clean,
    @Schema(required = true, description = "Stores per state, keyed as each report's `state`")
        Counts counts,
    @Schema(required = true, description = "One report per selected store, oldest store first")
        List<PreflightResponse> stores) {

  /** Stores per state; the keys are the states' names in the reports. */
  @Schema(name = "FleetPreflightCounts", description = "Stores per preflight state.")
  public record Counts(
      @Schema(required = true, example = "12") int ready,
      @Schema(required = true, example = "1") int blocked,
      @Schema(required = true, example = "0") int unreachable,
      @JsonProperty("up-to-date") @Schema(name = "up-to-date", required = true, example = "3")
          int upToDate) {

    static Counts of(Map<PreflightState, Integer> counts) {
      return new Counts(
          counts.get(PreflightState.READY),
          counts.get(PreflightState.BLOCKED),
          counts.get(PreflightState.UNREACHABLE),
          counts.get(PreflightState.UP_TO_DATE));
    }
  }

  /** The response for {@code preflight}. */
  public static FleetPreflightResponse of(FleetPreflight preflight) {
    return new FleetPreflightResponse(
        preflight.targetVersion(),
        preflight.checkedAt(),
        preflight.clean(),
        Counts.of(preflight.counts()),
        preflight.stores().stream().map(PreflightResponse::of).toList());
  }
}
