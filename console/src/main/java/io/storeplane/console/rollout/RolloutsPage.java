package io.storeplane.console.rollout;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.LivePanels;
import io.storeplane.console.session.ConsoleConfig;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.fleet.rollout.Rollout;
import io.storeplane.fleet.rollout.RolloutStreams;
import io.storeplane.fleet.rollout.Rollouts;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.store.Page;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The fleet's rollouts: the list, newest first, and a rollout's page (its phases, progress, time
 * left and a page of its stores) with Pause, Resume, Cancel and Retry failed for a role with {@code
 * provisioning:write}, the permission {@code /api/v1/rollouts} asks for. A rollout's page stays
 * live through the console's own Server-Sent Events route, authenticated by the session cookie and
 * fed by {@link RolloutStreams} (the REST stream's watch); without EventSource the panel polls
 * instead.
 */
@Path("/console/rollouts")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class RolloutsPage {

  private final Rollouts rollouts;
  private final RolloutStreams streams;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final ConsoleConfig config;
  private final Clock clock;
  private final Template list;
  private final Template page;
  private final Template panel;

  RolloutsPage(
      Rollouts rollouts,
      RolloutStreams streams,
      ConsoleRequest console,
      ConsoleAudit audit,
      ConsoleConfig config,
      Clock clock,
      @Location("console/rollouts.html") Template list,
      @Location("console/rollout.html") Template page,
      @Location("console/rollout-panel.html") Template panel) {
    this.rollouts = rollouts;
    this.streams = streams;
    this.console = console;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
    this.list = list;
    this.page = page;
    this.panel = panel;
  }

  @GET
  public Response list(@QueryParam("page") String page) {
    console.requireRead(Permissions.PROVISIONING_READ);
    int index = ConsoleRefusal.pageOrBadRequest(page);
    Page<RolloutRow> rows = rollouts.list(index, config.pageSize()).map(RolloutRow::of);
    return LivePanels.html(
        list.data("rollouts", rows.items())
            .data("page", index)
            .data("hasPrevious", index > 0)
            .data("hasNext", index + 1 < rows.totalPages())
            .data("canStart", console.can(Permissions.PROVISIONING_WRITE))
            .render(),
        200);
  }

  @GET
  @Path("/{id}")
  public Response show(@PathParam("id") String id, @QueryParam("page") String page) {
    console.requireRead(Permissions.PROVISIONING_READ);
    RolloutPanel rollout =
        read(ConsoleRefusal.idOrNotFound(id, "rollout"), ConsoleRefusal.pageOrBadRequest(page));
    return LivePanels.html(
        this.page
            .data("rollout", rollout)
            .data("canSteer", console.can(Permissions.PROVISIONING_WRITE))
            .data("csrf", console.getCsrf())
            .render(),
        200);
  }

  /** The panel alone: the polling fallback (htmx stops polling once the rollout has ended). */
  @GET
  @Path("/{id}/panel")
  public Response panel(@PathParam("id") String id, @QueryParam("page") String page) {
    console.requireRead(Permissions.PROVISIONING_READ);
    RolloutPanel rollout =
        read(ConsoleRefusal.idOrNotFound(id, "rollout"), ConsoleRefusal.pageOrBadRequest(page));
    return LivePanels.polled(
        render(rollout, console.can(Permissions.PROVISIONING_WRITE), console.getCsrf()),
        rollout.finished());
  }

  /**
   * The panel as Server-Sent Events: {@code rollout} events with the panel's HTML at once and on
   * every change the bus reports, then {@code done} once the rollout has ended. The rollout is read
   * once per change for every follower on this instance; each follower then reads its page of
   * stores.
   */
  @GET
  @Path("/{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> events(
      @PathParam("id") String id, @QueryParam("page") String page, @Context Sse sse) {
    console.requireRead(Permissions.PROVISIONING_READ);
    UUID rolloutId = ConsoleRefusal.idOrNotFound(id, "rollout");
    int index = ConsoleRefusal.pageOrBadRequest(page);
    existing(rolloutId);
    boolean canSteer = console.can(Permissions.PROVISIONING_WRITE);
    String csrf = console.getCsrf();
    return streams
        .watch(rolloutId)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(rollout -> panel(rollout, index))
        .onItem()
        .transformToMultiAndConcatenate(
            rollout ->
                LivePanels.events(
                    sse, "rollout", render(rollout, canSteer, csrf), rollout.finished()));
  }

  @POST
  @Path("/{id}/pause")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response pause(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    String by = console.admitPost(csrf, Permissions.PROVISIONING_WRITE).label();
    return steer(id, "rollout.pause", rollout -> rollouts.pause(rollout, Optional.of(by)));
  }

  @POST
  @Path("/{id}/resume")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response resume(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.PROVISIONING_WRITE);
    return steer(id, "rollout.resume", rollouts::resume);
  }

  @POST
  @Path("/{id}/cancel")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response cancel(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.PROVISIONING_WRITE);
    return steer(id, "rollout.cancel", rollouts::cancel);
  }

  @POST
  @Path("/{id}/retry-failed")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response retryFailed(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.PROVISIONING_WRITE);
    return steer(id, "rollout.retry-failed", rollouts::retryFailed);
  }

  /**
   * Applies one of the REST API's rollout actions to an existing rollout and records it under the
   * REST API's action name; a refusal (a rollout in a state the action does not apply to) answers
   * 409 and is recorded too. The answer leads back to the rollout's page.
   */
  private Response steer(String id, String action, Function<UUID, Rollout> change) {
    UUID rolloutId = ConsoleRefusal.idOrNotFound(id, "rollout");
    existing(rolloutId);
    try {
      change.apply(rolloutId);
    } catch (StoreplaneException refused) {
      throw audit.refused(action, "rollout", rolloutId, refused);
    }
    audit.record(action, "rollout", rolloutId, AuditOutcome.SUCCESS, Map.of());
    return Response.seeOther(URI.create("/console/rollouts/" + rolloutId)).build();
  }

  private Rollout existing(UUID rolloutId) {
    try {
      return rollouts.get(rolloutId);
    } catch (StoreplaneException refused) {
      throw ConsoleRefusal.of(refused);
    }
  }

  private RolloutPanel read(UUID rolloutId, int page) {
    return panel(existing(rolloutId), page);
  }

  private RolloutPanel panel(Rollout rollout, int page) {
    return RolloutPanel.of(
        rollout,
        rollouts.items(rollout.id(), Optional.empty(), page, config.pageSize()),
        clock.instant());
  }

  private String render(RolloutPanel rollout, boolean canSteer, String csrf) {
    return panel.data("rollout", rollout).data("canSteer", canSteer).data("csrf", csrf).render();
  }
}
