package io.storeplane.fleet.rollout;

import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.fleet.preflight.FleetPreflight;
import io.storeplane.fleet.preflight.MigrationPreflight;
import io.storeplane.fleet.preflight.PreflightReport;
import io.storeplane.fleet.preflight.PreflightState;
import io.storeplane.fleet.rollout.StoreSelector.SelectedStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The preflight of a rollout's stores: the same selection a rollout makes ({@link StoreSelector}),
 * checked by {@link MigrationPreflight} without changing anything, and the gate of a rollout that
 * requires it clean. It lives beside the rollouts, not in {@code fleet.preflight}, so the preflight
 * knows nothing of selections or rollouts.
 */
@ApplicationScoped
public class RolloutPreflight {

  /** How many stores that are not clean the problem's detail names; the preflight lists all. */
  private static final int NAMED = 5;

  private final StoreSelector selector;
  private final MigrationPreflight preflight;

  RolloutPreflight(StoreSelector selector, MigrationPreflight preflight) {
    this.selector = selector;
    this.preflight = preflight;
  }

  /**
   * Checks every store {@code selection} selects against {@code targetVersion}, in the rollout's
   * order (oldest first).
   *
   * @throws io.storeplane.clientschema.ClientSchemaException {@code unknown-schema-version}
   * @throws FleetException {@code rollout-invalid} (a name in the selection that does not exist),
   *     {@code rollout-selects-no-store}
   */
  public FleetPreflight check(int targetVersion, StoreSelection selection) {
    ClientSchema.requireKnown(targetVersion);
    return preflight.check(ids(selected(selection)), targetVersion);
  }

  /**
   * The stores {@code selection} selects, oldest first.
   *
   * @throws FleetException {@code rollout-invalid}, {@code rollout-selects-no-store}
   */
  List<SelectedStore> selected(StoreSelection selection) {
    List<SelectedStore> selected = selector.resolve(selection);
    if (selected.isEmpty()) {
      throw new FleetException(
          FleetError.ROLLOUT_SELECTS_NO_STORE,
          "selector: no store with an active database matches it");
    }
    return selected;
  }

  /**
   * Checks {@code selected} against {@code targetVersion} and refuses unless every store is ready
   * or up to date.
   *
   * @throws FleetException {@code preflight-not-clean}
   */
  void requireClean(int targetVersion, List<SelectedStore> selected) {
    FleetPreflight result = preflight.check(ids(selected), targetVersion);
    if (!result.clean()) {
      Map<UUID, String> slugs =
          selected.stream()
              .collect(Collectors.toMap(SelectedStore::storeId, SelectedStore::slug, (a, b) -> a));
      throw notClean(result, slugs);
    }
  }

  /** The refusal of a preflight that is not clean, naming the first stores by slug. */
  private static FleetException notClean(FleetPreflight result, Map<UUID, String> slugs) {
    List<PreflightReport> unclean =
        result.stores().stream()
            .filter(
                r -> r.state() == PreflightState.BLOCKED || r.state() == PreflightState.UNREACHABLE)
            .toList();
    Map<PreflightState, Integer> counts = result.counts();
    String named =
        unclean.stream()
            .limit(NAMED)
            .map(r -> slugs.getOrDefault(r.storeId(), r.storeId().toString()) + " " + why(r))
            .collect(Collectors.joining(", "));
    String more = unclean.size() > NAMED ? " and %d more".formatted(unclean.size() - NAMED) : "";
    String detail =
        ("The preflight to version %d is not clean: %d of %d selected stores cannot be migrated"
                + " now (%d blocked, %d unreachable): %s%s. No rollout was started; POST"
                + " /api/v1/rollouts/preflight shows every store's report.")
            .formatted(
                result.targetVersion(),
                unclean.size(),
                result.stores().size(),
                counts.get(PreflightState.BLOCKED),
                counts.get(PreflightState.UNREACHABLE),
                named,
                more);
    return new FleetException(FleetError.PREFLIGHT_NOT_CLEAN, detail);
  }

  /** A store's state and its first reason ({@link PreflightReport#reasons()}), if any. */
  private static String why(PreflightReport report) {
    String state = report.state().wireName();
    return report.reasons().stream()
        .findFirst()
        .map(reason -> "(" + state + ": " + reason + ")")
        .orElse("(" + state + ")");
  }

  private static List<UUID> ids(List<SelectedStore> selected) {
    return selected.stream().map(SelectedStore::storeId).toList();
  }
}
