package io.storeplane.api.store;

import io.quarkus.security.identity.SecurityIdentity;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.page.PageResponse;
import io.storeplane.api.page.Pages;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.problem.Ids;
import io.storeplane.api.provisioning.DatabaseOption;
import io.storeplane.api.provisioning.IdempotencyKey;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.StoreQuery;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.store.StoreSort;
import io.storeplane.master.store.StoreStatus;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.job.DeprovisionService;
import io.storeplane.provisioning.job.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
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

/** The store registry: register, list, read, change, suspend, resume and soft-delete stores. */
@Path("/api/v1/stores")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stores")
public class StoreResource {

  private final StoreService stores;
  private final JobService jobs;
  private final DeprovisionService deprovision;
  private final AuditContext audit;
  private final SecurityIdentity identity;

  StoreResource(
      StoreService stores,
      JobService jobs,
      DeprovisionService deprovision,
      AuditContext audit,
      SecurityIdentity identity) {
    this.stores = stores;
    this.jobs = jobs;
    this.deprovision = deprovision;
    this.audit = audit;
    this.identity = identity;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.create", target = "store")
  @Operation(
      operationId = "createStore",
      summary = "Register a store",
      description =
          "Registers a store on a plan and, when `database` is given, queues the job that gives it"
              + " its database (follow `provisioningJobId`). Needs `stores:write` (platform_admin,"
              + " operator). With a database, a repeated `Idempotency-Key` answers the first store"
              + " and starts nothing; without one, a retry answers 409 `slug-taken`.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreateStoreRequest.class),
              examples =
                  @ExampleObject(
                      name = "managed-postgresql",
                      summary = "A store with a managed PostgreSQL database",
                      value =
                          "{\"name\": \"Acme Shoes\", \"slug\": \"acme-shoes\", \"plan\":"
                              + " \"starter\", \"database\": {\"type\":"
                              + " \"managed-postgresql\"}}")))
  @APIResponse(
      responseCode = "201",
      description = "The store, registered",
      headers =
          @Header(
              name = "Location",
              description = "Where the store is read",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed` (with `errors`; a malformed `Idempotency-Key` included),"
              + " `malformed-request`, `plan-not-found` (the plan is not on offer).")
  @APIResponse(
      responseCode = "409",
      description =
          "`slug-taken`: another store has the slug; `database-option-not-available`: this"
              + " build does not offer the database option.")
  @APIResponse(
      responseCode = "422",
      description =
          "`connection-denied-<rule>` (e.g. `connection-denied-private`): the outbound policy"
              + " refuses the database's host or port; `no-database-server`: no registered server"
              + " of the managed database's engine could ever take the store. Nothing was saved.")
  public Response create(
      @Valid @NotNull CreateStoreRequest request,
      @Parameter(
              description =
                  "Makes a create with a database safe to retry: the same key answers the first"
                      + " store.")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      UriInfo uri) {
    Optional<DatabaseOption> database = Optional.ofNullable(request.database());
    database.ifPresent(DatabaseOption::checkOutbound);
    Optional<String> key = IdempotencyKey.scoped("store", idempotencyKey);
    // Without a database there is no job to hold the key: the slug check answers a retry.
    JobService.CreatedStore created =
        jobs.createStore(request.toNewStore(), database.isEmpty() ? Optional.empty() : key);
    var store = created.store();
    audit
        .target(store.id)
        .detail("slug", store.slug)
        .detail("plan", store.planCode)
        .detail("databaseType", request.database() == null ? null : request.database().type());
    return Response.created(uri.getAbsolutePathBuilder().path(store.id.toString()).build())
        .entity(StoreResponse.of(store, created.latestJobId().orElse(null)))
        .build();
  }

  @GET
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      operationId = "listStores",
      summary = "List stores",
      description =
          "One page of stores, newest first unless `sort` says otherwise; deleted stores only"
              + " when `status=deleted` asks for them. Needs `stores:read`.")
  public PageResponse<StoreResponse> list(
      @Parameter(
              description = "Only stores in this status (default: all but deleted)",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"active", "suspended", "deleted"}))
          @QueryParam("status")
          String status,
      @Parameter(description = "Only stores on this plan code") @QueryParam("plan") String plan,
      @Parameter(
              description =
                  "`name`, `slug`, `createdAt` or `updatedAt`, optionally followed by `,asc` or"
                      + " `,desc`")
          @QueryParam("sort")
          @DefaultValue("createdAt,desc")
          String sort,
      @Parameter(description = "Zero-based page index")
          @QueryParam("page")
          @DefaultValue("0")
          @Min(0)
          int page,
      @Parameter(description = "Page size")
          @QueryParam("size")
          @DefaultValue("20")
          @Min(1)
          @Max(100)
          int size) {
    Pages.check(page, size);
    StoreQuery query =
        new StoreQuery(
            Optional.ofNullable(status).map(StoreResource::parseStatus),
            Optional.ofNullable(plan),
            StoreSort.parse(sort)
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "sort",
                            "must be name, slug, createdAt or updatedAt, optionally followed by"
                                + " ,asc or ,desc")),
            page,
            size);
    return PageResponse.of(stores.search(query).map(this::response));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Permissions.STORES_READ, Permissions.STORE_SELF})
  @Operation(
      operationId = "getStore",
      summary = "Read a store",
      description =
          "One store, deleted or not. Needs `stores:read`, or the store's own token, which sees"
              + " only its database's `type` (not where it lives) and no `provisioningJobId`.")
  @APIResponse(
      responseCode = "200",
      description = "The store",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  public StoreResponse get(@PathParam("id") String id) {
    StoreResponse store = response(stores.get(storeId(id)));
    // Platform users see where the database lives; a store's own token does not need to.
    return identity.hasRole(Permissions.STORES_READ) ? store : store.forStoreToken();
  }

  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.update", target = "store")
  @Operation(
      operationId = "updateStore",
      summary = "Change a store",
      description =
          "Changes the store's `name`, `plan` or `published` flag; fields left out stay as they"
              + " are. A plan change moves the subscription to the new plan. Needs `stores:write`.")
  @APIResponse(
      responseCode = "200",
      description = "The store, changed",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed` (with `errors`), `malformed-request`, `plan-not-found` (the plan is"
              + " not on offer).")
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  @APIResponse(
      responseCode = "409",
      description = "`store-state-conflict`: the store is deleted and cannot be changed.")
  public StoreResponse update(
      @PathParam("id") String id, @Valid @NotNull UpdateStoreRequest request) {
    audit
        .detail("name", request.name())
        .detail("plan", request.plan())
        .detail("published", request.published());
    return response(stores.update(storeId(id), request.toChanges()));
  }

  @POST
  @Path("/{id}/suspend")
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.suspend", target = "store")
  @Operation(
      operationId = "suspendStore",
      summary = "Suspend a store",
      description =
          "Adds the suspension reason `admin`: the store's status becomes `suspended`, its token"
              + " answers 403 `store-suspended` and its data 409 `store-database-suspended`. Its"
              + " database login is untouched (deprovision's suspend locks it). Idempotent; needs"
              + " `stores:write`.")
  @APIResponse(
      responseCode = "200",
      description = "The store, suspended",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  @APIResponse(responseCode = "409", description = "`store-state-conflict`: the store is deleted.")
  public StoreResponse suspend(@PathParam("id") String id) {
    return response(stores.suspend(storeId(id)));
  }

  @POST
  @Path("/{id}/resume")
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.resume", target = "store")
  @Operation(
      operationId = "resumeStore",
      summary = "Resume a suspended store",
      description =
          "Lifts every suspension an admin may lift: an admin's, and a database suspended by"
              + " deprovisioning (its login is unlocked, or the store reconnected, first; if that"
              + " fails the store stays suspended). Idempotent; needs `stores:write`.")
  @APIResponse(
      responseCode = "200",
      description = "The store, resumed",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  @APIResponse(
      responseCode = "409",
      description =
          "`store-state-conflict`: the store is deleted; `store-transition-refused`: its"
              + " lifecycle allows no resume now.")
  @APIResponse(
      responseCode = "503",
      description =
          "`database-unreachable` and the like: the store's database server could not give the"
              + " login back (the store stays suspended); `master-database-unavailable`.")
  @APIResponse(
      responseCode = "422",
      description =
          "`connection-denied-<rule>`: the outbound policy now refuses the host or port of the"
              + " store's database, so it is not reconnected; the store stays suspended.")
  public StoreResponse resume(@PathParam("id") String id) {
    return response(deprovision.resume(storeId(id)));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.delete", target = "store")
  @Operation(
      operationId = "deleteStore",
      summary = "Soft-delete a store",
      description =
          "Marks the store deleted and unpublished: it leaves default listings, its slug stays"
              + " reserved and its database is kept until an explicit purge. Deleting a deleted"
              + " store changes nothing. Needs `stores:write`.")
  @APIResponse(
      responseCode = "200",
      description = "The store, deleted",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`store-not-found`: no store has this id (a malformed id included).")
  public StoreResponse delete(@PathParam("id") String id) {
    return response(stores.delete(storeId(id)));
  }

  private StoreResponse response(io.storeplane.master.store.Store store) {
    return StoreResponse.of(store, jobs.latestJobId(store.id).orElse(null));
  }

  static UUID storeId(String id) {
    return Ids.parse(id, MasterError.STORE_NOT_FOUND, "store");
  }

  private static StoreStatus parseStatus(String status) {
    try {
      return StoreStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "status",
          Arrays.stream(StoreStatus.values())
              .map(s -> s.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", ", "must be one of ", "")));
    }
  }
}
