package io.storeplane.api.fleet;

import io.storeplane.api.problem.ApiException;
import io.storeplane.fleet.rollout.RolloutPlan;
import io.storeplane.fleet.rollout.StoreSelection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A rollout request: the version, the stores, the canary, the waves and the failure policy.
 *
 * @param targetVersion the client schema version to reach
 * @param selector which stores (every store with an active database when absent)
 * @param canary the first stores and the soak after them (none when absent)
 * @param waves the waves; cumulative percents, the last 100
 * @param maxFailureRate the share of a phase's stores that may fail (0 to 1)
 * @param onFailure {@code pause} or {@code continue}
 * @param requireCleanPreflight start only when the preflight of every selected store is clean
 *     (false when absent)
 */
@Schema(
    name = "RolloutRequest",
    description =
        "Moves the selected stores to a client schema version: the canary first, then each wave"
            + " up to its cumulative percent of the stores to migrate.")
public record RolloutRequest(
    @Schema(required = true, description = "The client schema version to reach", example = "4")
        @NotNull
        Integer targetVersion,
    @Schema(description = "Which stores; every list given must match, an absent one matches all")
        @Valid
        Selector selector,
    @Schema(description = "The first stores, migrated before every wave") @Valid Canary canary,
    @Schema(
            required = true,
            description =
                "The waves in order: `percent` is cumulative (increasing, the last 100),"
                    + " `parallelism` the stores migrated at once")
        @NotEmpty
        @Size(max = 20)
        List<@Valid @NotNull Wave> waves,
    @Schema(
            required = true,
            description =
                "The share of a phase's stores (0 to 1) that may fail; the failure that passes it"
                    + " applies `onFailure`",
            example = "0.05")
        @NotNull
        Double maxFailureRate,
    @Schema(
            required = true,
            enumeration = {"pause", "continue"},
            description = "What a phase past `maxFailureRate` does",
            example = "pause")
        @NotNull
        String onFailure,
    @Schema(
            description =
                "Run the preflight (`POST /api/v1/rollouts/preflight`) over the selected stores"
                    + " first and start nothing unless every one is `ready` or `up-to-date`: a"
                    + " blocked or unreachable store answers 409 `preflight-not-clean`",
            defaultValue = "false",
            example = "true")
        Boolean requireCleanPreflight) {

  /** The stores. */
  @Schema(name = "RolloutSelector")
  public record Selector(
      @Schema(description = "Plan codes", example = "[\"starter\"]") @Size(max = 50)
          List<@NotNull @Size(max = 32) String> plans,
      @Schema(
              description =
                  "Database types: managed-postgresql, managed-mysql, postgresql, mysql, supabase",
              example = "[\"managed-postgresql\"]")
          @Size(max = 5)
          List<@NotNull @Size(max = 32) String> engines,
      @Schema(description = "Managed database server ids") @Size(max = 200)
          List<@NotNull UUID> servers,
      @Schema(description = "Only these stores") @Size(max = 10000) List<@NotNull UUID> storeIds,
      @Schema(description = "Never these stores") @Size(max = 10000)
          List<@NotNull UUID> excludedStoreIds) {

    /** The selection {@code selector} asks for: every store with an active database when null. */
    static StoreSelection selection(Selector selector) {
      return selector == null
          ? StoreSelection.all()
          : new StoreSelection(
              selector.plans(),
              selector.engines(),
              selector.servers(),
              selector.storeIds(),
              selector.excludedStoreIds());
    }
  }

  /** The canary. */
  @Schema(name = "RolloutCanary")
  public record Canary(
      @Schema(description = "How many stores go first", example = "5") @NotNull Integer count,
      @Schema(
              description = "How long to wait after the canary, ISO-8601 (`PT10M`)",
              example = "PT10M")
          @Size(max = 40)
          String soak) {}

  /** One wave. */
  @Schema(name = "RolloutWave")
  public record Wave(
      @Schema(required = true, description = "Cumulative percent of the stores", example = "10")
          @NotNull
          Integer percent,
      @Schema(required = true, description = "Stores migrated at once", example = "4") @NotNull
          Integer parallelism) {}

  /**
   * The plan this request asks for.
   *
   * @throws ApiException {@code validation-failed} for a soak or onFailure that cannot be read
   */
  RolloutPlan plan() {
    return new RolloutPlan(
        targetVersion,
        Selector.selection(selector),
        canary == null
            ? new RolloutPlan.Canary(0, Duration.ZERO)
            : new RolloutPlan.Canary(canary.count(), soak(canary.soak())),
        waves.stream().map(w -> new RolloutPlan.Wave(w.percent(), w.parallelism())).toList(),
        maxFailureRate,
        failurePolicy(),
        Boolean.TRUE.equals(requireCleanPreflight));
  }

  private RolloutPlan.OnFailure failurePolicy() {
    return switch (onFailure.toLowerCase(Locale.ROOT)) {
      case "pause" -> RolloutPlan.OnFailure.PAUSE;
      case "continue" -> RolloutPlan.OnFailure.CONTINUE;
      default -> throw ApiException.invalid("onFailure", "must be pause or continue");
    };
  }

  private static Duration soak(String soak) {
    if (soak == null || soak.isBlank()) {
      return Duration.ZERO;
    }
    try {
      return Duration.parse(soak);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("canary.soak", "must be an ISO-8601 duration such as PT10M");
    }
  }
}
