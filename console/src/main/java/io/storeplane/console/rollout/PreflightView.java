package io.storeplane.console.rollout;

import io.quarkus.qute.TemplateData;
import io.storeplane.fleet.preflight.DataCheck;
import io.storeplane.fleet.preflight.FleetPreflight;
import io.storeplane.fleet.preflight.PreflightReport;
import io.storeplane.fleet.preflight.PreflightState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fleet preflight as the rollout form shows it: the counts per state, whether it is clean, and
 * each store's state with what blocks it (its error, its drift, the rules its rows break).
 *
 * @param targetVersion the version checked against
 * @param clean every store ready or up to date
 * @param counts stores per state, in the states' order
 * @param stores each store's report, in the rollout's order
 */
@TemplateData
public record PreflightView(
    int targetVersion, boolean clean, List<StateCount> counts, List<StoreReport> stores) {

  /** How many stores ended in one state. */
  @TemplateData
  public record StateCount(String state, int stores) {}

  /**
   * One store's preflight.
   *
   * @param blockedBy why it cannot be migrated now, one sentence per reason (empty when it can)
   */
  @TemplateData
  public record StoreReport(String storeId, String slug, String state, List<String> blockedBy) {}

  static PreflightView of(FleetPreflight preflight, Map<UUID, String> slugs) {
    return new PreflightView(
        preflight.targetVersion(),
        preflight.clean(),
        preflight.counts().entrySet().stream()
            .map(e -> new StateCount(state(e.getKey()), e.getValue()))
            .toList(),
        preflight.stores().stream()
            .map(
                r ->
                    new StoreReport(
                        r.storeId().toString(),
                        slugs.getOrDefault(r.storeId(), r.storeId().toString()),
                        state(r.state()),
                        blockedBy(r)))
            .toList());
  }

  private static List<String> blockedBy(PreflightReport report) {
    List<String> reasons = new ArrayList<>();
    report.error().ifPresent(e -> reasons.add(e.code() + ": " + e.message()));
    int differences = report.drift().map(d -> d.differences().size()).orElse(0);
    if (differences > 0) {
      reasons.add(
          "drifted from version %d: %d difference%s"
              .formatted(report.version().orElse(0), differences, differences == 1 ? "" : "s"));
    }
    for (DataCheck check : report.data()) {
      if (check.rejects()) {
        reasons.add(
            "version %d (%s) would reject %d row%s of %s (%s)"
                .formatted(
                    check.version(),
                    check.rule(),
                    check.rows(),
                    check.rows() == 1 ? "" : "s",
                    check.table(),
                    String.join(", ", check.columns())));
      }
    }
    return List.copyOf(reasons);
  }

  private static String state(PreflightState state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
