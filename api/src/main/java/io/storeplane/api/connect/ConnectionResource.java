package io.storeplane.api.connect;

import io.storeplane.api.problem.Ids;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.MasterError;
import io.storeplane.provisioning.connect.ConnectionManager;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
      summary =
          "A store's connection pool and circuit breaker on the answering instance (no secrets)")
  public ConnectionResponse get(@PathParam("id") String id) {
    return ConnectionResponse.of(
        connections.status(Ids.parse(id, MasterError.STORE_NOT_FOUND, "store")),
        connections.status());
  }
}
