package io.storeplane.api.connect;

import io.storeplane.api.problem.Ids;
import io.storeplane.api.problem.Problem;
import io.storeplane.billing.limits.PlanLimits;
import io.storeplane.master.MasterError;
import io.storeplane.master.user.Permissions;
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
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The store data API: a store's tables through the ConnectionManager's table API, for store apps
 * (their store token) and platform users. Tables and columns are those of the client schema; every
 * bad request is a 4xx problem, a store database that cannot answer a 503.
 *
 * <p>The errors each operation documents are those of {@link StoreTables} and {@link
 * ConnectionManager#forStore}: the request's checks (400), the store's state (409), the outbound
 * policy (422) and the store's database (503).
 */
@Path("/api/v1/stores/{id}/data/{table}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Store data")
public class StoreDataResource {

  private static final String STORE_ID = "The store's id.";
  private static final String TABLE =
      "A table of the store's schema (the client schema), e.g. `products`, `categories`,"
          + " `customers`, `orders`.";
  private static final String ROW_ID =
      "The row's `id` (a UUID). Only tables with an `id` column have rows to address this way.";

  private static final String BAD_READ =
      "`unknown-table`: the store's schema has no such table; `unknown-column`: a filter or sort"
          + " names no column of it; `invalid-data-request`: a value does not fit its column or an"
          + " operator, or the page is out of range; `validation-failed`: `limit` or `offset` is"
          + " not a whole number, or `sort` has a direction other than `asc`/`desc`.";
  private static final String BAD_BY_ID =
      "`unknown-table`: the store's schema has no such table; `unknown-column`: the table has no"
          + " `id` column (a link table such as `product_categories`); `invalid-data-request`:"
          + " the row id is not a UUID.";
  private static final String BAD_WRITE =
      "`unknown-table`, `unknown-column`: the body names no table or column of the store's schema;"
          + " `invalid-data-request`: a value does not have its column's type or format or is"
          + " longer than it allows, or the body is empty (`errors` names the fields, never a"
          + " value), or the body sets `created_at` or `updated_at`, which the store's database"
          + " sets (`errors` names the column), or inserts into `product_deletions`, which the"
          + " store schema writes itself; `malformed-request` or `validation-failed`: the body is not a JSON object,"
          + " or is missing.";
  private static final String NOT_FOUND = "`store-not-found`: no store has this id.";
  private static final String ROW_NOT_FOUND =
      "`store-not-found`: no store has this id; `row-not-found`: the table has no row with this"
          + " id.";
  private static final String STORE_STATE =
      "`store-not-connected`: the store has no database yet; `store-database-suspended`: the"
          + " store or its database is suspended; `store-schema-incomplete`: the store's database"
          + " lacks a table or column of the schema (provision the store again);"
          + " `store-backend-not-supported`: the store moved to another backend during the call.";
  private static final String CONSTRAINT =
      " `constraint-violation`: the store's schema refuses the write (a required field missing, a"
          + " value taken, a reference to no row, a check); the detail names the rule and `errors`"
          + " the fields, never a value.";
  private static final String DENIED =
      "`connection-denied-<rule>`: the outbound policy refuses the store's database host.";
  private static final String UNAVAILABLE =
      "The store's database cannot answer (`store-database-unavailable`, also while its circuit"
          + " breaker is open; `connection-capacity-exhausted`; `store-query-timeout`;"
          + " `store-query-failed`), or the master database does not"
          + " (`master-database-unavailable`); `Retry-After` says when to try again.";

  private static final String LIMIT =
      "`plan-limit-exceeded`: the insert would pass a hard limit of the store's plan: a product"
          + " past its products, an order past its orders this calendar month (UTC), or any row"
          + " while the storage its last usage rollup measured is at or over the plan's. The"
          + " detail and the `limit` member name the limit, the plan, the store's usage and the"
          + " limit (docs/usage.md, \"Plan limits\"). A soft limit never refuses.";

  private final ConnectionManager connections;
  private final PlanLimits limits;
  private final StoreDataWrites writes;

  StoreDataResource(ConnectionManager connections, PlanLimits limits, StoreDataWrites writes) {
    this.connections = connections;
    this.limits = limits;
    this.writes = writes;
  }

  @GET
  @RolesAllowed({Permissions.STORES_READ, Permissions.STORE_SELF})
  @Operation(
      operationId = "listStoreRows",
      summary = "List rows of a store table",
      description =
          "One page of the table's rows that match every filter, in the asked order (ties, and"
              + " no `sort`, by `id`, so pages are stable). Filter with any column of the table"
              + " as a query parameter: `column=value` (equals) or `column=op:value` with `op`"
              + " one of `eq ne lt lte gt gte like`, `in:a,b,c`, or `is-null:true|false`; for"
              + " example `?status=active&review_count=gte:3&sort=created_at:desc&limit=20`."
              + " Needs `stores:read`, or the store's own token.")
  @Parameter(
      name = "limit",
      in = ParameterIn.QUERY,
      description =
          "The page size: 1 to `storeplane.pools.max-page-size` (500 by default); 50 when left"
              + " out.",
      schema =
          @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", defaultValue = "50"))
  @Parameter(
      name = "offset",
      in = ParameterIn.QUERY,
      description = "Rows to skip: 0 to 100,000.",
      schema =
          @Schema(
              type = SchemaType.INTEGER,
              format = "int32",
              minimum = "0",
              maximum = "100000",
              defaultValue = "0"))
  @Parameter(
      name = "count",
      in = ParameterIn.QUERY,
      description = "`true` adds `total`, the number of all matching rows (one more query).",
      schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
  @Parameter(
      name = "sort",
      in = ParameterIn.QUERY,
      description =
          "Sort keys, comma-separated, each `column`, `column:asc` or `column:desc`, e.g."
              + " `created_at:desc,title`.",
      example = "created_at:desc",
      schema = @Schema(type = SchemaType.STRING))
  @Parameter(
      name = "filters",
      in = ParameterIn.QUERY,
      style = ParameterStyle.FORM,
      explode = Explode.TRUE,
      description =
          "Column filters, one query parameter per filter, named by the column (this name is not"
              + " sent): `column=value` or `column=op:value` (`eq ne lt lte gt gte like`,"
              + " `in:a,b,c`, `is-null:true|false`). All filters must hold. (The HTTP"
              + " API also takes one column twice, `price=gte:10&price=lt:20`; a client built from"
              + " this map sends each column once.)",
      example = "{\"status\": \"active\", \"review_count\": \"gte:3\"}",
      schema = @Schema(type = SchemaType.OBJECT, additionalProperties = String.class))
  @APIResponse(
      responseCode = "200",
      description = "The page; `total` only when asked with `count=true`",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DataPage.class)))
  @APIResponse(responseCode = "400", description = BAD_READ)
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = STORE_STATE)
  @APIResponse(responseCode = "422", description = DENIED)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public DataPage list(
      @Parameter(description = STORE_ID) @PathParam("id") String id,
      @Parameter(description = TABLE, example = "products") @PathParam("table") String table,
      UriInfo uri) {
    return DataPage.of(tables(id).select(table, DataQuery.parse(uri.getQueryParameters())));
  }

  @GET
  @Path("/{rowId}")
  @RolesAllowed({Permissions.STORES_READ, Permissions.STORE_SELF})
  @Operation(
      operationId = "getStoreRow",
      summary = "Get one row of a store table",
      description =
          "The row of the table with this `id`. Needs `stores:read`, or the store's own token.")
  @APIResponse(
      responseCode = "200",
      description = "The row",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreRow.class)))
  @APIResponse(responseCode = "400", description = BAD_BY_ID)
  @APIResponse(responseCode = "404", description = ROW_NOT_FOUND)
  @APIResponse(responseCode = "409", description = STORE_STATE)
  @APIResponse(responseCode = "422", description = DENIED)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Map<String, Object> get(
      @Parameter(description = STORE_ID) @PathParam("id") String id,
      @Parameter(description = TABLE, example = "products") @PathParam("table") String table,
      @Parameter(description = ROW_ID) @PathParam("rowId") String rowId) {
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
  @Operation(
      operationId = "createStoreRow",
      summary = "Insert a row into a store table",
      description =
          "Inserts one row from the columns given; columns left out take their defaults. The"
              + " row's `created_at` and `updated_at` are the database's time of the insert and"
              + " cannot be sent (400 `invalid-data-request`). A table"
              + " with an `id` column gets a new UUID there unless the body gives one, and the"
              + " answer is the row as stored, read back, with `Location` naming it. A table"
              + " without one (the link tables `product_categories`, `product_media`,"
              + " `product_attribute_values`) answers the values sent, without defaults and"
              + " without `Location`: address such rows with filters. Not idempotent: a retry"
              + " inserts again, or answers `constraint-violation` where a column is unique."
              + " Held to the hard limits of the store's plan (402 `plan-limit-exceeded`), for"
              + " every caller. Needs `stores:write`, or the store's own token.")
  @RequestBody(
      required = true,
      description = "The columns to set, by the store schema's names.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreRow.class),
              examples =
                  @ExampleObject(
                      name = "product",
                      summary = "A product",
                      value =
                          "{\"title\": \"Trail boots\", \"slug\": \"trail-boots\","
                              + " \"status\": \"active\", \"brand\": \"Acme\","
                              + " \"description\": \"Waterproof leather boots.\"}")))
  @APIResponse(
      responseCode = "201",
      description = "The row as stored, with its generated id and defaults",
      headers =
          @Header(
              name = "Location",
              description =
                  "Where the row is read (`.../data/{table}/{rowId}`); absent for a table without"
                      + " an `id` column",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreRow.class)))
  @APIResponse(responseCode = "400", description = BAD_WRITE)
  @APIResponse(
      responseCode = "402",
      description = LIMIT,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(ref = "#/components/schemas/Problem"),
              examples =
                  @ExampleObject(
                      name = "products",
                      summary = "The plan's products are used up",
                      value =
                          "{\"type\": \"urn:storeplane:problem:plan-limit-exceeded\","
                              + " \"title\": \"Plan limit reached\", \"status\": 402,"
                              + " \"detail\": \"The store's plan 'free' allows 50 products and"
                              + " the store has 50: a new product would pass this hard limit."
                              + " Delete products or move the store to a larger plan.\","
                              + " \"instance\": \"/api/v1/stores/6f1c2a9e-4b7d-4c1a-9f3e-2d5b8a7c0e41"
                              + "/data/products\", \"code\": \"plan-limit-exceeded\","
                              + " \"requestId\": \"3f9a1c2b7d4e\", \"limit\": {\"name\":"
                              + " \"products\", \"plan\": \"free\", \"usage\": 50,"
                              + " \"limit\": 50}}")))
  @APIResponse(responseCode = "404", description = NOT_FOUND)
  @APIResponse(responseCode = "409", description = STORE_STATE + CONSTRAINT)
  @APIResponse(responseCode = "422", description = DENIED)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Response insert(
      @Parameter(description = STORE_ID) @PathParam("id") String id,
      @Parameter(description = TABLE, example = "products") @PathParam("table") String table,
      @NotNull Map<String, Object> values,
      UriInfo uri) {
    UUID storeId = storeId(id);
    writes.checkInsert(table, values);
    StoreTables tables = connections.forStore(storeId).tables();
    Map<String, Object> row;
    try (PlanLimits.Admission admission = limits.admitInsert(storeId, table, tables)) {
      row = tables.insert(table, values);
      admission.created(row);
    }
    Object rowId = row.get("id");
    Response.ResponseBuilder created = Response.status(Response.Status.CREATED).entity(row);
    if (rowId != null) {
      created.location(uri.getAbsolutePathBuilder().path(rowId.toString()).build());
    }
    return created.build();
  }

  @PATCH
  @Path("/{rowId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Permissions.STORES_WRITE, Permissions.STORE_SELF})
  @Operation(
      operationId = "updateStoreRow",
      summary = "Change columns of one row",
      description =
          "Sets the columns given on the row with this `id`; columns left out keep their values,"
              + " and a column sent as null is set to null; `updated_at`, where the table has it,"
              + " becomes the time of the change, and neither it nor `created_at` can be sent"
              + " (400 `invalid-data-request`). Answers the row as stored afterwards."
              + " Needs `stores:write`, or the store's own token.")
  @RequestBody(
      required = true,
      description = "The columns to change, by the store schema's names.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreRow.class)))
  @APIResponse(
      responseCode = "200",
      description = "The row as stored after the change",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreRow.class)))
  @APIResponse(responseCode = "400", description = BAD_WRITE + " Also: " + BAD_BY_ID)
  @APIResponse(responseCode = "404", description = ROW_NOT_FOUND)
  @APIResponse(responseCode = "409", description = STORE_STATE + CONSTRAINT)
  @APIResponse(responseCode = "422", description = DENIED)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Map<String, Object> update(
      @Parameter(description = STORE_ID) @PathParam("id") String id,
      @Parameter(description = TABLE, example = "products") @PathParam("table") String table,
      @Parameter(description = ROW_ID) @PathParam("rowId") String rowId,
      @NotNull Map<String, Object> values) {
    StoreTables tables = tables(id);
    Map<String, Object> changes = writes.forUpdate(table, values);
    if (tables.update(table, List.of(Filter.eq("id", rowId)), changes) == 0) {
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
  @Operation(
      operationId = "deleteStoreRow",
      summary = "Delete one row of a store table",
      description =
          "Deletes the row with this `id`; deleting it again answers 404 `row-not-found`. A row"
              + " other rows still refer to is kept (409 `constraint-violation`). Needs"
              + " `stores:write`, or the store's own token.")
  @APIResponse(responseCode = "204", description = "The row is deleted")
  @APIResponse(responseCode = "400", description = BAD_BY_ID)
  @APIResponse(responseCode = "404", description = ROW_NOT_FOUND)
  @APIResponse(
      responseCode = "409",
      description =
          STORE_STATE
              + " `constraint-violation`: other rows still refer to this one (the detail names"
              + " the referencing field).")
  @APIResponse(responseCode = "422", description = DENIED)
  @APIResponse(responseCode = "503", description = UNAVAILABLE)
  public Response delete(
      @Parameter(description = STORE_ID) @PathParam("id") String id,
      @Parameter(description = TABLE, example = "products") @PathParam("table") String table,
      @Parameter(description = ROW_ID) @PathParam("rowId") String rowId) {
    if (tables(id).delete(table, List.of(Filter.eq("id", rowId))) == 0) {
      throw rowNotFound(table, rowId);
    }
    return Response.noContent().build();
  }

  private StoreTables tables(String id) {
    return connections.forStore(storeId(id)).tables();
  }

  private static UUID storeId(String id) {
    return Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
  }

  private static ProvisioningException rowNotFound(String table, String rowId) {
    return new ProvisioningException(
        ProvisioningError.ROW_NOT_FOUND, "Table %s has no row with this id.".formatted(table));
  }
}
