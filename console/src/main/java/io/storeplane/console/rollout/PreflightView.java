package io.storeplane.console.rollout;

import io.quarkus.qute.TemplateData;
import io.storeplane.fleet.preflight.FleetPreflight;
import io.storeplane.fleet.preflight.PreflightReport;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fleet preflight as the rollout form shows it: the counts per state, whether it is clean, and
 * each store's state with what blocks it in the fleet's words (its error, its drift, the rules its
 * rows break).
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
   * @param blockedBy why it cannot be migrated now, as the fleet words it ({@link
   *     PreflightReport#reasons()}; empty when it can)
   * @param error the message of the error that left it unreachable, as the report gives it ("" when
   *     none)
   */
  @TemplateData
  public record StoreReport(
      String storeId, String slug, String state, List<String> blockedBy, String error) {}

  static PreflightView of(FleetPreflight preflight, Map<UUID, String> slugs) {
    return new PreflightView(
        preflight.targetVersion(),
        preflight.clean(),
        preflight.counts().entrySet().stream()
            .map(e -> new StateCount(e.getKey().wireName(), e.getValue()))
            .toList(),
        preflight.stores().stream()
            .map(
                r ->
                    new StoreReport(
                        r.storeId().toString(),
                        slugs.getOrDefault(r.storeId(), r.storeId().toString()),
                        r.state().wireName(),
                        r.reasons(),
                        r.error().map(PreflightReport.Failure::message).orElse("")))
            .toList());
  }
}
