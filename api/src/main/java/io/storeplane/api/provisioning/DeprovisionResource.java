package io.storeplane.api.provisioning;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.DatabaseStatus;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.job.DeprovisionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Takes a store's database out of service: suspend, or purge after confirming with the slug. */
@Path("/api/v1/stores/{id}/deprovision")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Provisioning")
public class DeprovisionResource {

  /**
   * Body of a deprovision request.
   *
   * @param action {@code suspend} (the store's login can no longer connect) or {@code purge} (drop
   *     a managed database and login; an existing database is only disconnected)
   * @param confirm for purge: the store's slug
   */
  @Schema(description = "What to do with the store's database.")
  public record DeprovisionRequest(
      @Schema(
              enumeration = {"suspend", "purge"},
              description =
                  "`suspend`: the store's login can no longer connect; `purge`: drop a managed"
                      + " database and its login (an existing database is only disconnected)",
              example = "suspend")
          @NotNull
          @Pattern(regexp = "suspend|purge", message = "must be suspend or purge")
          String action,
      @Schema(description = "For `purge`: the store's slug, to confirm", example = "acme-shoes")
          String confirm) {}

  /**
   * What was done.
   *
   * @param storeId the store
   * @param action suspend or purge
   * @param databaseStatus the store's database status afterwards
   * @param message what happened to the database and its login
   */
  @Schema(description = "What deprovisioning did.")
  public record DeprovisionResponse(
      @Schema(required = true, example = "3f2a9c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c") UUID storeId,
      @Schema(
              required = true,
              enumeration = {"suspend", "purge"},
              example = "suspend")
          String action,
      @Schema(
              required = true,
              enumeration = {"none", "provisioning", "active", "failed", "suspended"},
              description = "The store's database status afterwards",
              example = "suspended")
          String databaseStatus,
      @Schema(
              required = true,
              description = "What happened to the database and its login",
              example = "Login store_acme_shoes locked and its sessions ended")
          String message) {}

  private final DeprovisionService deprovision;
  private final AuditContext audit;

  DeprovisionResource(DeprovisionService deprovision, AuditContext audit) {
    this.deprovision = deprovision;
    this.audit = audit;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "store.deprovision", target = "store")
  @Operation(
      operationId = "deprovisionStore",
      summary = "Suspend or purge a store's database",
      description =
          "`suspend` takes the database out of service: a managed login is locked and its"
              + " sessions ended, an existing database or Supabase project disconnected; the store"
              + " carries the reason `database-deprovisioned` until `POST"
              + " /api/v1/stores/{id}/resume`. `purge`, confirmed with the store's slug, drops a"
              + " managed database and its login for good; an existing one is never dropped, only"
              + " its saved connection removed. Refused while a provisioning job is active. Needs"
              + " `provisioning:write`.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DeprovisionRequest.class),
              examples = {
                @ExampleObject(name = "suspend", value = "{\"action\": \"suspend\"}"),
                @ExampleObject(
                    name = "purge",
                    value = "{\"action\": \"purge\", \"confirm\": \"acme-shoes\"}")
              }))
  @APIResponse(
      responseCode = "200",
      description = "What was done",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DeprovisionResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `action` is missing or not `suspend` or `purge`;"
              + " `malformed-request`: the body cannot be read; `purge-not-confirmed`: `confirm`"
              + " is not the store's slug")
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included)")
  @APIResponse(
      responseCode = "409",
      description =
          "`store-has-no-database`: the store has no database; `job-already-active`: a"
              + " provisioning job is queued or running (cancel it first);"
              + " `store-transition-refused`: the database is not ready to suspend (failed or"
              + " still provisioning)")
  @APIResponse(
      responseCode = "422",
      description =
          "`connection-denied-<rule>`: the outbound policy refuses the server the database is"
              + " on")
  public DeprovisionResponse deprovision(
      @Parameter(description = "The store's id") @PathParam("id") String id,
      @Valid @NotNull DeprovisionRequest request) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    audit.detail("action", request.action());
    DeprovisionService.Outcome outcome =
        request.action().equals("purge")
            ? deprovision.purge(storeId, request.confirm())
            : deprovision.suspend(storeId);
    DatabaseStatus status = outcome.databaseStatus();
    return new DeprovisionResponse(
        storeId, request.action(), status.name().toLowerCase(Locale.ROOT), outcome.message());
  }
}
