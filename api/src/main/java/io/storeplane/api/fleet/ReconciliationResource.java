package io.storeplane.api.fleet;

import io.storeplane.api.problem.Ids;
import io.storeplane.fleet.reconcile.Reconciler;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A managed server reconciled with the registry, now (docs/fleet.md, "Reconciler"). */
@Path("/api/v1/database-servers/{id}/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet")
public class ReconciliationResource {

  private final Reconciler reconciler;
  private final Clock clock;

  ReconciliationResource(Reconciler reconciler, Clock clock) {
    this.reconciler = reconciler;
    this.clock = clock;
  }

  @GET
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "getServerReconciliation",
      summary = "Reconcile a managed server with the registry",
      description =
          "Reads the server's databases, their owners and its logins now with its admin login and"
              + " compares them with the registry: `orphan_database` and `orphan_login` (with"
              + " Storeplane's name prefix `sp_`, unknown to the registry), `missing_database` (a"
              + " store's registered database the server lacks) and `owner_mismatch` (PostgreSQL: a"
              + " store's or warm-pool entry's database owned by another login). Warm-pool"
              + " entries, templates, databases a queued or running provisioning job recorded it"
              + " will create, and names outside the prefix are never orphans. The findings are"
              + " kept (a new one is audited, `fleet.reconcile.finding`); this call never drops"
              + " anything (the recurring run may, when `storeplane.fleet.reconciler.drop-orphans`"
              + " is on). Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The findings",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReconciliationResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`database-server-not-found`: no server has this id (a malformed id included)")
  @APIResponse(
      responseCode = "503",
      description = "`server-unreachable`: the server cannot be read with its admin login now")
  public ReconciliationResponse get(
      @Parameter(description = "The server's id") @PathParam("id") String id) {
    UUID serverId =
        Ids.parse(
            id,
            () ->
                new ProvisioningException(
                    ProvisioningError.DATABASE_SERVER_NOT_FOUND,
                    "There is no managed database server with this id."));
    return ReconciliationResponse.of(
        reconciler.reconcile(
            serverId, clock, new Reconciler.DropPolicy(false, java.time.Duration.ZERO)));
  }
}
