package io.storeplane.api.fleet;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.problem.Ids;
import io.storeplane.fleet.drift.DriftService;
import io.storeplane.fleet.preflight.MigrationPreflight;
import io.storeplane.master.MasterError;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HashSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A store's schema drift, read now from its database, and the confirmed repair of its missing
 * indexes (docs/fleet.md, "Drift").
 */
@Path("/api/v1/stores/{id}/schema")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet")
public class StoreSchemaResource {

  private final DriftService drift;
  private final MigrationPreflight preflight;
  private final AuditContext audit;

  StoreSchemaResource(DriftService drift, MigrationPreflight preflight, AuditContext audit) {
    this.drift = drift;
    this.preflight = preflight;
    this.audit = audit;
  }

  @GET
  @Path("/preflight")
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      operationId = "preflightStoreSchema",
      summary = "Check whether a store's migration to a version can apply",
      description =
          "Checks the store now without changing anything: whether its database can be reached,"
              + " its drift from the expected schema of the version its history records (as `GET"
              + " /api/v1/stores/{id}/schema`, not recorded), the rows the migrations up to"
              + " `targetVersion` would reject (NULLs where NOT NULL arrives and the migration"
              + " cannot fill them, duplicates where a unique key arrives, as each version's"
              + " manifest declares them) and the size of the tables those migrations lock. A store"
              + " the ledger knows at or after the target is `up-to-date` without opening its"
              + " database. A store that cannot be reached is a result (`unreachable`, with the"
              + " failure's code), not an error. Needs `stores:read` (platform admins, operators,"
              + " viewers); store tokens are refused.")
  @APIResponse(
      responseCode = "200",
      description = "The preflight",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = PreflightResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `targetVersion` is missing or not a whole number;"
              + " `unknown-schema-version`: no such client schema version in this build.")
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  @APIResponse(
      responseCode = "409",
      description =
          "`store-has-no-database`: the store has no active database (never provisioned,"
              + " provisioning, failed).")
  public PreflightResponse preflight(
      @Parameter(description = "The store's id.", example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90")
          @PathParam("id")
          String id,
      @Parameter(
              description = "The client schema version a migration would reach.",
              required = true,
              example = "4")
          @QueryParam("targetVersion")
          String targetVersion) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    return PreflightResponse.of(preflight.check(storeId, version(targetVersion)));
  }

  private static int version(String targetVersion) {
    if (targetVersion == null || !targetVersion.strip().matches("\\d{1,6}")) {
      throw ApiException.invalid("targetVersion", "must be a client schema version (1, 2, ...)");
    }
    return Integer.parseInt(targetVersion.strip());
  }

  @POST
  @Path("/repairs")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.PROVISIONING_WRITE)
  @Audited(action = "store.schema-repair", target = "store")
  @Operation(
      operationId = "repairStoreSchema",
      summary = "Repair a store's additive drift",
      description =
          "Checks the store's schema now and creates its missing indexes, each with its own"
              + " statement from the version's migration; nothing else is created, altered or"
              + " dropped. `confirm` must list exactly the repairable differences the check finds"
              + " (`repairable: true` in `GET /api/v1/stores/{id}/schema`, each as `<object>"
              + " <table>.<name>`), so a repair never does more than the operator saw. A missing"
              + " table is not repaired here (its definition may span versions): provisioning the"
              + " store again completes it. Audited. Needs `provisioning:write` (platform admins,"
              + " operators).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RepairRequest.class),
              examples =
                  @ExampleObject(
                      name = "index",
                      value = "{\"confirm\": [\"index products.ix_products_status_published\"]}")))
  @APIResponse(
      responseCode = "200",
      description = "What was created, and the schema checked again",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RepairResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: `confirm` is missing or empty; `malformed-request`: the body"
              + " cannot be read; `repair-not-confirmed`: `confirm` does not list exactly what"
              + " the store's check finds repairable now (the detail lists it)")
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  @APIResponse(
      responseCode = "409",
      description =
          "`nothing-to-repair`: the store's database lacks no index; `store-has-no-database`,"
              + " `store-schema-unknown`, `store-database-suspended` as for the check.")
  @APIResponse(
      responseCode = "503",
      description =
          "The store's database cannot be reached or read now; `store-schema-busy`: another"
              + " schema change of the store runs (provisioning or a migration), repair later.")
  public RepairResponse repair(
      @Parameter(description = "The store's id.", example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90")
          @PathParam("id")
          String id,
      @Valid @NotNull RepairRequest request) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    audit.target(storeId).detail("confirm", String.join(", ", request.confirm()));
    DriftService.Repair repair = drift.repair(storeId, new HashSet<>(request.confirm()));
    return new RepairResponse(repair.created(), StoreSchemaResponse.of(repair.after()));
  }

  @GET
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      operationId = "getStoreSchema",
      summary = "Compare a store's database with its schema version",
      description =
          "Reads the store's catalog now (PostgreSQL and MySQL stores through their pool, Supabase"
              + " stores through their SQL channel) and the client schema version its own history"
              + " table records, and compares them with that version's expected schema: tables,"
              + " columns (kind and nullability), primary, unique and foreign keys, CHECKs and"
              + " plain indexes, each missing, extra or different by name. Tables the version does"
              + " not name are the store's own and listed apart, never drift. The result is also"
              + " recorded as the store's last check (`GET /api/v1/fleet/drift`). Needs"
              + " `stores:read` (platform admins, operators, viewers); store tokens are refused.")
  @APIResponse(
      responseCode = "200",
      description = "The comparison",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreSchemaResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  @APIResponse(
      responseCode = "409",
      description =
          "`store-has-no-database`: the store has no active database; `store-schema-unknown`:"
              + " its database records no Storeplane schema version, or one this build does not"
              + " know; `store-database-suspended`: its database is suspended.")
  @APIResponse(
      responseCode = "503",
      description =
          "`store-database-unavailable` (and the other failures of reaching a store's database),"
              + " `store-schema-unreadable`, `catalog-inspection-failed`: the store's database"
              + " cannot be reached or read now; the check is recorded as unreachable.")
  public StoreSchemaResponse get(
      @Parameter(description = "The store's id.", example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90")
          @PathParam("id")
          String id) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    return StoreSchemaResponse.of(drift.check(storeId));
  }
}
