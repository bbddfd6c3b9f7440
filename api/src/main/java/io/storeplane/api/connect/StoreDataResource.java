package io.storeplane.api.connect;

import io.storeplane.api.problem.Ids;
import io.storeplane.api.problem.Problem;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.MasterError;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.connect.ConnectionManager;
import io.storeplane.provisioning.connect.table.Filter;
import io.storeplane.provisioning.connect.table.StoreTables;
import io.storeplane.provisioning.connect.table.TableQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The store data API: a store's tables through the ConnectionManager's table API, for store apps
 * (their store token) and platform users. Tables and columns are those of the client schema; every
 * bad request is a 4xx problem, a store database that cannot answer a 503.
 */
@Path("/api/v1/stores/{id}/data/{table}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Store data")
public class StoreDataResource {

  private final ConnectionManager connections;

  StoreDataResource(ConnectionManager connections) {
    this.connections = connections;
  }

  @GET
  @RolesAllowed({Permissions.STORES_READ, Permissions.STORE_SELF})
  @Operation(
      summary =
          "Rows of a store table: column=value or column=op:value filters (eq ne lt lte gt gte"
              + " like in is-null), sort=column[:desc], limit, offset, count=true")
  public DataPage list(@PathParam("id") String id, @PathParam("table") String table, UriInfo uri) {
    return DataPage.of(tables(id).select(table, DataQuery.parse(uri.getQueryParameters())));
  }

  @GET
  @Path("/{rowId}")
  @RolesAllowed({Permissions.STORES_READ, Permissions.STORE_SELF})
  @Operation(summary = "One row of a store table by its id")
  public Map<String, Object> get(
      @PathParam("id") String id,
      @PathParam("table") String table,
      @PathParam("rowId") String rowId) {
    List<Map<String, Object>> rows =
        tables(id).select(table, TableQuery.all().where(Filter.eq("id", rowId)).page(1, 0)).rows();
    if (rows.isEmpty()) {
      throw rowNotFound(table, rowId);
    }
    return rows.get(0);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Permissions.STORES_WRITE, Permissions.STORE_SELF})
  @Operation(summary = "Insert a row; a table with an id gets a generated one")
  @APIResponse(
      responseCode = "201",
      description = "The row as stored, with its generated id and defaults",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                      additionalProperties = Object.class)))
  public Response insert(
      @PathParam("id") String id,
      @PathParam("table") String table,
      @NotNull Map<String, Object> values) {
    return Response.status(Response.Status.CREATED)
        .entity(tables(id).insert(table, values))
        .build();
  }

  @PATCH
  @Path("/{rowId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Permissions.STORES_WRITE, Permissions.STORE_SELF})
  @Operation(summary = "Change columns of one row by its id")
  public Map<String, Object> update(
      @PathParam("id") String id,
      @PathParam("table") String table,
      @PathParam("rowId") String rowId,
      @NotNull Map<String, Object> values) {
    StoreTables tables = tables(id);
    if (tables.update(table, List.of(Filter.eq("id", rowId)), values) == 0) {
      throw rowNotFound(table, rowId);
    }
    return get(id, table, rowId);
  }

  @DELETE
  @Path("/{rowId}")
  // Its success (204) has no body and its errors are problem+json: a client that accepts only
  // that (as one generated from the document does) must not be refused with 406.
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @RolesAllowed({Permissions.STORES_WRITE, Permissions.STORE_SELF})
  @Operation(summary = "Delete one row by its id")
  @APIResponse(responseCode = "204", description = "The row is deleted")
  public Response delete(
      @PathParam("id") String id,
      @PathParam("table") String table,
      @PathParam("rowId") String rowId) {
    if (tables(id).delete(table, List.of(Filter.eq("id", rowId))) == 0) {
      throw rowNotFound(table, rowId);
    }
    return Response.noContent().build();
  }

  private StoreTables tables(String id) {
    UUID storeId = Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
    return connections.forStore(storeId).tables();
  }

  private static ProvisioningException rowNotFound(String table, String rowId) {
    return new ProvisioningException(
        ProvisioningError.ROW_NOT_FOUND, "Table %s has no row with this id.".formatted(table));
  }
}
