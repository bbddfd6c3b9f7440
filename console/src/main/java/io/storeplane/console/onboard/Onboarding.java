package io.storeplane.console.onboard;

import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.FormRules;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.store.NewStore;
import io.storeplane.master.store.Store;
import io.storeplane.provisioning.job.JobService;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What both onboarding forms share: the store's own fields' rules, and starting its job. */
final class Onboarding {

  private static final int MAX_NAME = 200;

  private Onboarding() {}

  /** The first rule the store's name, slug or plan breaks, as a sentence; empty when none. */
  static Optional<String> invalidStore(String name, String slug, String plan) {
    Optional<String> badName = FormRules.badText(name, MAX_NAME, "name");
    if (badName.isPresent()) {
      return badName;
    }
    if (!slug.matches(NewStore.SLUG)) {
      return Optional.of("The slug " + NewStore.SLUG_RULE + ".");
    }
    if (plan.isEmpty()) {
      return Optional.of("Choose a plan.");
    }
    return Optional.empty();
  }

  /**
   * Registers the store with its provisioning job (as {@code POST /api/v1/stores} does), audits it
   * as {@code store.create} and leads to the job's page.
   *
   * @throws io.storeplane.error.StoreplaneException when the service refuses (slug taken...)
   */
  static Response start(JobService jobs, ConsoleAudit audit, NewStore request) {
    JobService.CreatedStore created = jobs.createStore(request, Optional.empty());
    Store store = created.store();
    String type = request.databaseType().orElseThrow().wireName();
    audit.record(
        "store.create",
        "store",
        store.id,
        AuditOutcome.SUCCESS,
        Map.of("slug", store.slug, "plan", store.planCode, "databaseType", type));
    UUID jobId = created.latestJobId().orElseThrow();
    return Response.seeOther(URI.create("/console/jobs/" + jobId)).build();
  }
}
