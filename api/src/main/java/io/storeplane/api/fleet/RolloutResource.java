package io.storeplane.api.fleet;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.page.PageResponse;
import io.storeplane.api.page.Pages;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.problem.Ids;
import io.storeplane.fleet.FleetError;
import io.storeplane.fleet.FleetException;
import io.storeplane.fleet.rollout.ItemState;
import io.storeplane.fleet.rollout.Rollout;
import io.storeplane.fleet.rollout.RolloutPreflight;
import io.storeplane.fleet.rollout.RolloutStreams;
import io.storeplane.fleet.rollout.Rollouts;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Rollouts of a client schema version across the fleet (docs/fleet.md, "Rollouts"). */
@Path("/api/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet")
public class RolloutResource {

  private static final String NOT_FOUND =
      "`rollout-not-found`: no rollout has this id (a malformed id included)";
  private static final String CONFLICT = "`rollout-state-conflict`: ";

  private final Rollouts rollouts;
  private final RolloutPreflight preflight;
  private final RolloutStreams streams;
  private final SecurityIdentity identity;
  private final AuditContext audit;

  RolloutResource(
      Rollouts rollouts,
      RolloutPreflight preflight,
      RolloutStreams streams,
      SecurityIdentity identity,
      AuditContext audit) {
    this.rollouts = rollouts;
    this.preflight = preflight;
    this.streams = streams;
    this.identity = identity;
    this.audit = audit;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "rollout.start", target = "rollout")
  @Operation(
      operationId = "startRollout",
      summary = "Start a rollout of a client schema version",
      description =
          "Selects the stores (with an active database) and moves them to `targetVersion`: the"
              + " canary first, its soak, then each wave up to its cumulative percent of the"
              + " stores to migrate, each with its parallelism; stores the ledger already knows at"
              + " the target are skipped without opening their databases. A store whose schema"
              + " lock is busy or whose migration gave up on a lock timeout is tried again later"
              + " in the rollout; a failure that takes a phase past `maxFailureRate` pauses the"
              + " rollout (`onFailure: pause`) or not (`continue`). With `requireCleanPreflight`,"
              + " the selected stores are checked first as `POST /api/v1/rollouts/preflight` does"
              + " and nothing starts unless every one is `ready` or `up-to-date`. Answers at once;"
              + " follow it at `Location` (or its `/events`). Needs `provisioning:write` (platform"
              + " admins, operators).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RolloutRequest.class),
              examples =
                  @ExampleObject(
                      name = "starter",
                      value =
                          "{\"targetVersion\": 4, \"selector\": {\"plans\": [\"starter\"]},"
                              + " \"canary\": {\"count\": 5, \"soak\": \"PT10M\"}, \"waves\":"
                              + " [{\"percent\": 10, \"parallelism\": 4}, {\"percent\": 100,"
                              + " \"parallelism\": 8}], \"maxFailureRate\": 0.05, \"onFailure\":"
                              + " \"pause\"}")))
  @APIResponse(
      responseCode = "202",
      description = "The rollout, started (or completed at once when every store is at the target)",
      headers =
          @Header(
              name = "Location",
              description = "Where to follow the rollout",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RolloutResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: a field missing or malformed (a soak that is not ISO-8601,"
              + " `onFailure` not pause or continue); `unknown-schema-version`: this build has no"
              + " such version; `rollout-invalid`: percents not increasing or not ending at 100, a"
              + " parallelism below 1 or above `storeplane.fleet.rollout.max-parallelism`, a"
              + " negative count or soak, a failure rate outside 0 to 1, an unknown plan, engine,"
              + " server or store in the selector (the detail names the field);"
              + " `rollout-selects-no-store`: the selector matches no store with an active"
              + " database")
  @APIResponse(
      responseCode = "409",
      description =
          "`preflight-not-clean`: `requireCleanPreflight` is true and a selected store is"
              + " `blocked` or `unreachable`; the detail says how many and names the first by slug"
              + " with their state. No rollout was started.")
  public Response start(@Valid @NotNull RolloutRequest request, @Context UriInfo uri) {
    Rollout rollout = rollouts.start(request.plan(), caller());
    audit
        .target(rollout.id())
        .detail("targetVersion", rollout.targetVersion())
        .detail("stores", rollout.counts().total());
    URI location = uri.getBaseUriBuilder().path("api/v1/rollouts/{id}").build(rollout.id());
    return Response.accepted(RolloutResponse.of(rollout)).location(location).build();
  }

  @POST
  @Path("/preflight")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "preflightRollout",
      summary = "Check whether a rollout's stores can be migrated",
      description =
          "Selects the stores as `POST /api/v1/rollouts` would (the same `selector`) and checks"
              + " each now, without changing anything, as `GET"
              + " /api/v1/stores/{id}/schema/preflight` does: reachable, no drift, no rows the"
              + " migrations up to `targetVersion` would reject, the size of the tables they lock."
              + " A store that cannot be checked is a result (`unreachable`), not an error. `clean`"
              + " is what a rollout with `requireCleanPreflight` needs: every store `ready` or"
              + " `up-to-date`. It writes nothing and starts nothing. Needs `provisioning:read`"
              + " (platform admins, operators, viewers).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RolloutPreflightRequest.class),
              examples =
                  @ExampleObject(
                      name = "starter",
                      value = "{\"targetVersion\": 4, \"selector\": {\"plans\": [\"starter\"]}}")))
  @APIResponse(
      responseCode = "200",
      description = "Every selected store's preflight, with the counts per state",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FleetPreflightResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `targetVersion` missing, a selector list too long or holding a"
              + " null; `malformed-request`: the body cannot be read; `unknown-schema-version`:"
              + " this build has no such version; `rollout-invalid`: an unknown plan, engine,"
              + " server or store in the selector (the detail names the field);"
              + " `rollout-selects-no-store`: the selector matches no store with an active"
              + " database")
  public FleetPreflightResponse preflight(@Valid @NotNull RolloutPreflightRequest request) {
    return FleetPreflightResponse.of(preflight.check(request.targetVersion(), request.selection()));
  }

  @GET
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "listRollouts",
      summary = "List rollouts",
      description =
          "Rollouts, newest first, with their phases and counts (not their stores). Needs"
              + " `provisioning:read` (platform admins, operators, viewers).")
  @APIResponse(responseCode = "200", description = "One page of rollouts")
  @APIResponse(
      responseCode = "400",
      description = "`validation-failed`: `page` or `size` is out of range")
  public PageResponse<RolloutResponse> list(
      @Parameter(description = "Zero-based page index")
          @QueryParam("page")
          @DefaultValue("0")
          @Min(0)
          int page,
      @Parameter(description = "Rows per page, 1-200")
          @QueryParam("size")
          @DefaultValue("20")
          @Min(1)
          @Max(200)
          int size) {
    Pages.check(page, size);
    return PageResponse.of(rollouts.list(page, size).map(RolloutResponse::of));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "getRollout",
      summary = "Get a rollout",
      description =
          "The rollout's state, phases with their counts, the estimate of the time left, and one"
              + " page of its stores (by phase and position, optionally of one state) with their"
              + " attempts, versions, timing and last error. Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The rollout",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RolloutResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "`validation-failed`: `state`, `page` or `size` is out of range")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public RolloutResponse get(
      @Parameter(description = "The rollout's id") @PathParam("id") String id,
      @Parameter(
              description = "Only stores in this state",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"pending", "running", "applied", "failed", "skipped"}))
          @QueryParam("state")
          String state,
      @Parameter(description = "Zero-based page of stores")
          @QueryParam("page")
          @DefaultValue("0")
          @Min(0)
          int page,
      @Parameter(description = "Stores per page, 1-200")
          @QueryParam("size")
          @DefaultValue("50")
          @Min(1)
          @Max(200)
          int size) {
    Pages.check(page, size);
    UUID rollout = rolloutId(id);
    Optional<ItemState> filter = itemState(state);
    Rollout view = rollouts.get(rollout);
    return RolloutResponse.of(view, rollouts.items(rollout, filter, page, size));
  }

  @GET
  @Path("/{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "streamRolloutEvents",
      summary = "Follow a rollout as Server-Sent Events",
      description =
          "A `text/event-stream` of the rollout: one unnamed event at once with its current view,"
              + " then one each time it changes (a store claimed or finished, a phase begun, a"
              + " pause, by any instance), ending after the event whose `state` is `completed` or"
              + " `cancelled`. Each event's `data` is the rollout as `GET /api/v1/rollouts` shows"
              + " it (without its stores). Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The stream: events `data: <Rollout JSON>`, until the rollout ends",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      description = "Server-Sent Events; each event's data is a Rollout as JSON",
                      example =
                          "data:{\"id\":\"5e1f0c2a-7b3d-4e8f-9a6b-1c2d3e4f5a6b\",\"state\":\"running\",\"phase\":1}\n\n")))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  public Multi<RolloutResponse> events(
      @Parameter(description = "The rollout's id") @PathParam("id") String id) {
    UUID rollout = rolloutId(id);
    rollouts.get(rollout);
    return streams.watch(rollout).map(RolloutResponse::of);
  }

  @POST
  @Path("/{id}/pause")
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "rollout.pause", target = "rollout")
  @Operation(
      operationId = "pauseRollout",
      summary = "Pause a rollout",
      description =
          "Its workers claim no more stores; the stores migrating now finish. Needs"
              + " `provisioning:write`.")
  @APIResponse(responseCode = "200", description = "The rollout, paused")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT + "the rollout is not running")
  public RolloutResponse pause(
      @Parameter(description = "The rollout's id") @PathParam("id") String id) {
    UUID rollout = target(id);
    return RolloutResponse.of(rollouts.pause(rollout, caller()));
  }

  @POST
  @Path("/{id}/resume")
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "rollout.resume", target = "rollout")
  @Operation(
      operationId = "resumeRollout",
      summary = "Resume a paused rollout",
      description =
          "Goes on from the current phase with its workers (a pause by the failure rate"
              + " included: the failures seen so far no longer pause it). Needs"
              + " `provisioning:write`.")
  @APIResponse(responseCode = "200", description = "The rollout, running")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = CONFLICT + "the rollout is not paused")
  public RolloutResponse resume(
      @Parameter(description = "The rollout's id") @PathParam("id") String id) {
    return RolloutResponse.of(rollouts.resume(target(id)));
  }

  @POST
  @Path("/{id}/cancel")
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "rollout.cancel", target = "rollout")
  @Operation(
      operationId = "cancelRollout",
      summary = "Cancel a rollout",
      description =
          "Ends the rollout for good: its stores not begun are skipped, the ones migrating now"
              + " finish. Needs `provisioning:write`.")
  @APIResponse(responseCode = "200", description = "The rollout, cancelled")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = CONFLICT + "the rollout already completed or was cancelled")
  public RolloutResponse cancel(
      @Parameter(description = "The rollout's id") @PathParam("id") String id) {
    return RolloutResponse.of(rollouts.cancel(target(id)));
  }

  @POST
  @Path("/{id}/retry-failed")
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "rollout.retry-failed", target = "rollout")
  @Operation(
      operationId = "retryFailedRolloutStores",
      summary = "Retry a rollout's failed stores",
      description =
          "Puts every failed store back in the queue with its attempts counted afresh and runs"
              + " the rollout again from its current phase, also when it was paused or had"
              + " completed. Needs `provisioning:write`.")
  @APIResponse(responseCode = "200", description = "The rollout, running")
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description = CONFLICT + "the rollout was cancelled, or has no failed store")
  public RolloutResponse retryFailed(
      @Parameter(description = "The rollout's id") @PathParam("id") String id) {
    return RolloutResponse.of(rollouts.retryFailed(target(id)));
  }

  private UUID target(String id) {
    UUID rollout = rolloutId(id);
    audit.target(rollout);
    return rollout;
  }

  private Optional<String> caller() {
    return identity.isAnonymous()
        ? Optional.empty()
        : Optional.ofNullable(identity.getPrincipal().getName());
  }

  private static UUID rolloutId(String id) {
    return Ids.parse(id, () -> new FleetException(FleetError.ROLLOUT_NOT_FOUND, "No rollout"));
  }

  private static Optional<ItemState> itemState(String state) {
    if (state == null || state.isBlank()) {
      return Optional.empty();
    }
    return Arrays.stream(ItemState.values())
        .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(state))
        .findFirst()
        .map(Optional::of)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "state", "must be pending, running, applied, failed or skipped"));
  }
}
