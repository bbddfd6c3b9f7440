package io.storeplane.api.connect;

import io.storeplane.api.problem.Ids;
import io.storeplane.master.MasterError;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read-only view of a store's connection on this instance: pool, breaker, budget. */
@Path("/api/v1/stores/{id}/connection")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Connections")
public class ConnectionResource {

  private final ConnectionManager connections;

  ConnectionResource(ConnectionManager connections) {
    this.connections = connections;
  }

  @GET
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      operationId = "getStoreConnection",
      summary = "Show a store's connection on the answering instance",
      description =
          "How the answering instance reaches the store's database: the backend and endpoint"
              + " (never a credential), whether the route is cached, the open and draining pools,"
              + " the circuit breaker and the instance's connection budget. Each instance answers"
              + " for itself, so two calls behind a load balancer may differ. Needs `stores:read`;"
              + " a store's own token is refused (403).")
  @APIResponse(
      responseCode = "200",
      description = "The store's connection as this instance sees it",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ConnectionResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  public ConnectionResponse get(
      @Parameter(description = "The store's id.", example = "1f0c6e2a-4b7d-4c1e-9a51-3d2f8b6c7e90")
          @PathParam("id")
          String id) {
    return ConnectionResponse.of(
        connections.status(Ids.parse(id, MasterError.STORE_NOT_FOUND, "store")),
        connections.status());
  }
}
