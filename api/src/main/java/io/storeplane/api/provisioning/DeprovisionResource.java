package io.storeplane.api.provisioning;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.DatabaseStatus;
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
  public record DeprovisionRequest(
      @NotNull @Pattern(regexp = "suspend|purge", message = "must be suspend or purge")
          String action,
      String confirm) {}

  /**
   * What was done.
   *
   * @param storeId the store
   * @param action suspend or purge
   * @param databaseStatus the store's database status afterwards
   * @param message what happened to the database and its login
   */
  public record DeprovisionResponse(
      UUID storeId, String action, String databaseStatus, String message) {}

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
  @Operation(summary = "Suspend a store's database, or purge it (confirm with the slug)")
  public DeprovisionResponse deprovision(
      @PathParam("id") String id, @Valid @NotNull DeprovisionRequest request) {
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
