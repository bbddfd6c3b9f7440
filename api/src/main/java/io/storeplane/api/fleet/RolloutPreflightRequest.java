package io.storeplane.api.fleet;

import io.storeplane.fleet.rollout.StoreSelection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A fleet preflight request: the version and the stores, as a rollout names them.
 *
 * @param targetVersion the client schema version a rollout would reach
 * @param selector which stores (every store with an active database when absent)
 */
@Schema(
    name = "RolloutPreflightRequest",
    description =
        "Checks, without changing anything, whether the migration of the stores a rollout with"
            + " this selector would select can apply.")
public record RolloutPreflightRequest(
    @Schema(
            required = true,
            description = "The client schema version a rollout would reach",
            example = "4")
        @NotNull
        Integer targetVersion,
    @Schema(
            description =
                "Which stores, as a rollout's `selector`; every list given must match, an absent"
                    + " one matches all")
        @Valid
        RolloutRequest.Selector selector) {

  /** The stores this request names. */
  StoreSelection selection() {
    return RolloutRequest.Selector.selection(selector);
  }
}
