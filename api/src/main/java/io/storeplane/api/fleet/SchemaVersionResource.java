package io.storeplane.api.fleet;

import io.storeplane.api.problem.Ids;
import io.storeplane.clientschema.version.ClientSchema;
import io.storeplane.master.MasterError;
import io.storeplane.master.schema.SchemaLedger;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A store's schema-version ledger, read-only (rollouts will be the API that changes it). */
@Path("/api/v1/stores/{id}/schema/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stores")
public class SchemaVersionResource {

  private final StoreService stores;
  private final SchemaLedger ledger;

  SchemaVersionResource(StoreService stores, SchemaLedger ledger) {
    this.stores = stores;
    this.ledger = ledger;
  }

  @GET
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      operationId = "listStoreSchemaVersions",
      summary = "Read a store's schema-version ledger",
      description =
          "The store's client schema version as the platform knows it and the ledger's row of"
              + " every version: state, how it came, attempts, timing, checksum, the last"
              + " failure. Read from the master only; the store's database is not opened. Needs"
              + " `stores:read` (viewers included).")
  @APIResponse(
      responseCode = "200",
      description = "The store's ledger",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SchemaVersionsResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  public SchemaVersionsResponse list(
      @Parameter(description = "The store's id") @PathParam("id") String id) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    stores.get(storeId);
    return new SchemaVersionsResponse(
        storeId,
        ledger.currentVersion(storeId),
        ClientSchema.currentVersion(),
        ledger.versions(storeId).stream().map(SchemaVersionResponse::of).toList());
  }
}
