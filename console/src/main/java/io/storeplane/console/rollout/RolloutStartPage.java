package io.storeplane.console.rollout;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.LivePanels;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.console.store.StoreFilter;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.preflight.FleetPreflight;
import io.storeplane.fleet.preflight.PreflightReport;
import io.storeplane.fleet.rollout.Rollout;
import io.storeplane.fleet.rollout.RolloutPlan;
import io.storeplane.fleet.rollout.RolloutPreflight;
import io.storeplane.fleet.rollout.Rollouts;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.plan.PlanRepository;
import io.storeplane.master.store.DatabaseType;
import io.storeplane.master.store.StoreRepository;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starting a rollout from the console ({@code provisioning:write}, as {@code POST
 * /api/v1/rollouts}): a form with the version, the stores (plans, engines, servers, slugs or ids),
 * the canary and its soak, the waves, the failure rate and what passing it does, and whether a
 * clean preflight is required. <b>Run preflight</b> checks the selected stores as {@code POST
 * /api/v1/rollouts/preflight} does and shows each store's report, starting nothing; <b>Start
 * rollout</b> starts it with the same service as the REST API and leads to its page. A field that
 * cannot be read or that the fleet refuses comes back on the form with its sentence.
 */
@Path("/console/rollouts/new")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class RolloutStartPage {

  private final Rollouts rollouts;
  private final RolloutPreflight preflight;
  private final StoreRepository stores;
  private final PlanRepository plans;
  private final DatabaseServerService servers;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final Template page;

  RolloutStartPage(
      Rollouts rollouts,
      RolloutPreflight preflight,
      StoreRepository stores,
      PlanRepository plans,
      DatabaseServerService servers,
      ConsoleRequest console,
      ConsoleAudit audit,
      @Location("console/rollout-new.html") Template page) {
    this.rollouts = rollouts;
    this.preflight = preflight;
    this.stores = stores;
    this.plans = plans;
    this.servers = servers;
    this.console = console;
    this.audit = audit;
    this.page = page;
  }

  @GET
  public Response form() {
    console.requireRead(Permissions.PROVISIONING_WRITE);
    return render(200, RolloutForm.Entry.blank(ClientSchema.currentVersion()), Map.of(), "", null);
  }

  /** Checks the selected stores against the version and shows the report; starts nothing. */
  @POST
  @Path("/preflight")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response preflight(@BeanParam RolloutForm form) {
    console.admitPost(form.csrf, Permissions.PROVISIONING_WRITE);
    RolloutForm.Read<RolloutForm.Selected> read = form.selected(stores::idsBySlug);
    if (!read.errors().isEmpty()) {
      return render(400, read.entry(), read.errors(), "", null);
    }
    RolloutForm.Selected selected = read.value();
    FleetPreflight checked;
    try {
      checked = preflight.check(selected.targetVersion(), selected.selection());
    } catch (StoreplaneException refused) {
      return refused(read.entry(), refused, ConsoleRefusal.of(refused));
    }
    Map<UUID, String> slugs =
        stores.slugsOf(checked.stores().stream().map(PreflightReport::storeId).toList());
    return render(200, read.entry(), Map.of(), "", PreflightView.of(checked, slugs));
  }

  /** Starts the rollout and leads to its page. */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response start(@BeanParam RolloutForm form) {
    String by = console.admitPost(form.csrf, Permissions.PROVISIONING_WRITE).label();
    RolloutForm.Read<RolloutPlan> read = form.plan(stores::idsBySlug);
    if (!read.errors().isEmpty()) {
      return render(400, read.entry(), read.errors(), "", null);
    }
    Rollout rollout;
    try {
      rollout = rollouts.start(read.value(), Optional.of(by));
    } catch (StoreplaneException refused) {
      return refused(
          read.entry(), refused, audit.refused("rollout.start", "rollout", null, refused));
    }
    audit.record(
        "rollout.start",
        "rollout",
        rollout.id(),
        AuditOutcome.SUCCESS,
        Map.of("targetVersion", rollout.targetVersion(), "stores", rollout.counts().total()));
    return Response.seeOther(URI.create("/console/rollouts/" + rollout.id())).build();
  }

  /** A fleet refusal on the form: beside the field it names, else above the form. */
  private Response refused(
      RolloutForm.Entry entry, StoreplaneException refused, ConsoleRefusal refusal) {
    return RolloutForm.fieldOf(refused.fields())
        .map(
            field -> render(refusal.status(), entry, Map.of(field, refusal.getMessage()), "", null))
        .orElseGet(() -> render(refusal.status(), entry, Map.of(), refusal.getMessage(), null));
  }

  private Response render(
      int status,
      RolloutForm.Entry entry,
      Map<String, String> errors,
      String error,
      PreflightView report) {
    List<StoreFilter.Choice> engines =
        Arrays.stream(DatabaseType.values())
            .map(t -> new StoreFilter.Choice(t.wireName(), t.wireName()))
            .toList();
    return LivePanels.html(
        page.data("entry", entry)
            .data("errors", errors)
            .data("error", error)
            .data("report", report)
            .data("versions", ClientSchema.versions().stream().map(String::valueOf).toList())
            .data(
                "plans",
                plans.listOffered().stream()
                    .map(p -> new StoreFilter.Choice(p.code, p.name))
                    .toList())
            .data("engines", engines)
            .data(
                "servers",
                servers.servers().stream()
                    .map(s -> new StoreFilter.Choice(s.id.toString(), s.name + " (" + s.host + ")"))
                    .toList())
            .render(),
        status);
  }
}
