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
import io.storeplane.api.security.Permissions;
import io.storeplane.master.MasterError;
import io.storeplane.master.store.StoreQuery;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.store.StoreSort;
import io.storeplane.master.store.StoreStatus;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
  @Operation(summary = "Register a store, optionally choosing how it gets its database")
  @APIResponse(
      responseCode = "201",
      description = "The store, registered",
      headers =
          @Header(
              name = "Location",
              description = "Where the new resource is read",
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                      format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = StoreResponse.class)))
  public Response create(
      @Valid @NotNull CreateStoreRequest request,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      UriInfo uri) {
    Optional<DatabaseOption> database = Optional.ofNullable(request.database());
    database.ifPresent(DatabaseOption::checkOutbound);
    Optional<String> key = IdempotencyKey.scoped("store", idempotencyKey);
    // Without a database there is no job to hold the key: the slug check answers a retry.
    var store = jobs.createStore(request.toNewStore(), database.isEmpty() ? Optional.empty() : key);
    audit
        .target(store.id)
        .detail("slug", store.slug)
        .detail("plan", store.planCode)
        .detail("databaseType", request.database() == null ? null : request.database().type());
    return Response.created(uri.getAbsolutePathBuilder().path(store.id.toString()).build())
        .entity(response(store))
        .build();
  }

  @GET
  @RolesAllowed(Permissions.STORES_READ)
  @Operation(
      summary = "List stores, newest first unless sorted otherwise; deleted ones only on request")
  public PageResponse<StoreResponse> list(
      @QueryParam("status") String status,
      @QueryParam("plan") String plan,
      @QueryParam("sort") @DefaultValue("createdAt,desc") String sort,
      @QueryParam("page") @DefaultValue("0") @Min(0) int page,
      @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
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
  @Operation(summary = "Read one store, deleted or not")
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
  @Operation(summary = "Change a store's name, plan or published flag")
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
      summary = "Suspend a store on an admin's word (idempotent)",
      description =
          "Adds the suspension reason 'admin': the store's status becomes suspended, its token"
              + " answers 403 store-suspended and its data 409 store-database-suspended. Its"
              + " database login is untouched (deprovision's suspend locks it).")
  public StoreResponse suspend(@PathParam("id") String id) {
    return response(stores.suspend(storeId(id)));
  }

  @POST
  @Path("/{id}/resume")
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.resume", target = "store")
  @Operation(
      summary = "Resume a suspended store (idempotent)",
      description =
          "Lifts every suspension an admin may lift: an admin's, and a database suspended by"
              + " deprovisioning (its login is unlocked first).")
  public StoreResponse resume(@PathParam("id") String id) {
    return response(deprovision.resume(storeId(id)));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Permissions.STORES_WRITE)
  @Audited(action = "store.delete", target = "store")
  @Operation(summary = "Soft-delete a store; its database is kept until an explicit purge")
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
