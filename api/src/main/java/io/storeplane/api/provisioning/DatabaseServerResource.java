package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
import io.storeplane.provisioning.pool.PoolLevel;
import io.storeplane.provisioning.pool.WarmPool;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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

/** The managed database servers new store databases are placed on. */
@Path("/api/v1/database-servers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Provisioning")
public class DatabaseServerResource {

  /**
   * Body of a registration. The admin password is write-only and stored sealed.
   *
   * @param name unique display name
   * @param engine postgresql or mysql
   * @param host host
   * @param port port
   * @param adminUsername a login that may create databases and logins
   * @param adminPassword its password
   * @param maxStores how many store databases it may hold
   */
  @Schema(description = "A managed database server to register. The admin password is write-only.")
  public record RegisterServerRequest(
      @Schema(description = "Unique display name", example = "pg-eu-1") @NotBlank @Size(max = 100)
          String name,
      @Schema(
              enumeration = {"postgresql", "mysql"},
              example = "postgresql")
          @NotNull
          @Pattern(regexp = "postgresql|mysql", message = "must be postgresql or mysql")
          String engine,
      @Schema(
              description =
                  "A DNS name, a dotted-quad IPv4 address or an IPv6 address (bare or in brackets)",
              example = "pg-eu-1.db.example.com")
          @NotBlank
          @Size(max = 255)
          @HostName
          String host,
      @Schema(example = "5432") @NotNull @Min(1) @Max(65535) Integer port,
      @Schema(description = "A login that may create databases and logins", example = "storeplane")
          @NotBlank
          @Size(max = 128)
          String adminUsername,
      @Schema(description = "The admin login's password; stored sealed, never returned")
          @NotNull
          @Size(max = 1024)
          @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
          String adminPassword,
      @Schema(description = "How many store databases it may hold", example = "200")
          @NotNull
          @Min(1)
          Integer maxStores) {

    @Override
    public String toString() {
      return "RegisterServerRequest[name=%s, engine=%s, host=%s, port=%s, adminUsername=%s, adminPassword=***]"
          .formatted(name, engine, host, port, adminUsername);
    }
  }

  /**
   * A server as the API shows it (never its password).
   *
   * @param id id
   * @param name name
   * @param engine postgresql or mysql
   * @param host host
   * @param port port
   * @param adminUsername admin login
   * @param status active, draining or disabled
   * @param isDefault whether it is its engine's default server
   * @param maxStores capacity
   * @param stores store databases on it
   * @param capacityLeft how many more it takes
   * @param createdAt registration time
   * @param pool its warm pool
   */
  @Schema(description = "A managed database server (never its password).")
  public record ServerResponse(
      @Schema(required = true, example = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d") UUID id,
      @Schema(required = true, example = "pg-eu-1") String name,
      @Schema(
              required = true,
              enumeration = {"postgresql", "mysql"},
              example = "postgresql")
          String engine,
      @Schema(required = true, example = "pg-eu-1.db.example.com") String host,
      @Schema(required = true, example = "5432") int port,
      @Schema(required = true, description = "The admin login", example = "storeplane")
          String adminUsername,
      @Schema(
              required = true,
              enumeration = {"active", "draining", "disabled"},
              description =
                  "`active` takes new stores while it has room; `draining` keeps its stores but"
                      + " takes no new ones; `disabled` is out of service",
              example = "active")
          String status,
      @Schema(required = true, description = "Whether it is its engine's default server")
          boolean isDefault,
      @Schema(
              required = true,
              description = "How many store databases it may hold",
              example = "200")
          int maxStores,
      @Schema(required = true, description = "Store databases on it", example = "12") long stores,
      @Schema(
              required = true,
              description = "How many more it takes (0 when full)",
              example = "188")
          long capacityLeft,
      @Schema(required = true, description = "When it was registered") Instant createdAt,
      @Schema(required = true, description = "Its warm pool of ready store databases")
          PoolResponse pool) {

    static ServerResponse of(DatabaseServerService.ServerUsage usage, PoolLevel pool) {
      DatabaseServer s = usage.server();
      return new ServerResponse(
          s.id,
          s.name,
          s.engine.name().toLowerCase(Locale.ROOT),
          s.host,
          s.port,
          s.adminUsername,
          s.status.name().toLowerCase(Locale.ROOT),
          s.isDefault,
          s.maxStores,
          usage.stores(),
          usage.capacityLeft(),
          s.createdAt,
          new PoolResponse(pool.ready(), pool.target()));
    }
  }

  /**
   * A server's warm pool.
   *
   * @param ready databases ready to be claimed now
   * @param target how many the refill keeps ready
   */
  @Schema(
      description =
          "A server's warm pool: store databases made ready in advance at the current client-schema"
              + " version, claimed by onboarding. They count in `capacityLeft`, not in `stores`.")
  public record PoolResponse(
      @Schema(
              required = true,
              description = "Databases ready to be claimed now, at the current schema version",
              example = "4")
          long ready,
      @Schema(
              required = true,
              description =
                  "How many the refill keeps ready (`storeplane.provisioning.warm-pool.size`; 0"
                      + " when the pool is off or the server takes no new store)",
              example = "4")
          int target) {}

  private final DatabaseServerService servers;
  private final WarmPool pool;
  private final AuditContext audit;

  DatabaseServerResource(DatabaseServerService servers, WarmPool pool, AuditContext audit) {
    this.servers = servers;
    this.pool = pool;
    this.audit = audit;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.SERVERS_MANAGE)
  @Audited(action = "database-server.register", target = "database_server")
  @Operation(
      operationId = "registerDatabaseServer",
      summary = "Register a managed database server",
      description =
          "Adds a server new managed store databases can be placed on; it starts `active`. The"
              + " host and port must pass the outbound policy. The admin password is sealed and"
              + " never returned. Needs `servers:manage` (platform admins).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RegisterServerRequest.class),
              examples =
                  @ExampleObject(
                      name = "postgresql",
                      value =
                          "{\"name\": \"pg-eu-1\", \"engine\": \"postgresql\", \"host\":"
                              + " \"pg-eu-1.db.example.com\", \"port\": 5432,"
                              + " \"adminUsername\": \"storeplane\", \"adminPassword\":"
                              + " \"s3cret\", \"maxStores\": 200}")))
  @APIResponse(
      responseCode = "201",
      description = "The server, registered",
      headers =
          @Header(
              name = "Location",
              description = "Where the server is read: `/api/v1/database-servers/{id}`",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ServerResponse.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "`database-server-exists`: a server has this name, or one of this engine has this host"
              + " and port")
  @APIResponse(
      responseCode = "422",
      description = "`connection-denied-<rule>`: the outbound policy refuses the host or port")
  public Response register(@Valid @NotNull RegisterServerRequest request, UriInfo uri) {
    DatabaseServer server =
        servers.register(
            new DatabaseServerService.NewServer(
                request.name(),
                DatabaseEngine.valueOf(request.engine().toUpperCase(Locale.ROOT)),
                request.host(),
                request.port(),
                request.adminUsername(),
                SecretString.of(request.adminPassword()),
                request.maxStores(),
                false));
    audit.target(server.id).detail("name", server.name).detail("engine", request.engine());
    return Response.created(uri.getAbsolutePathBuilder().path(server.id.toString()).build())
        .entity(
            ServerResponse.of(
                new DatabaseServerService.ServerUsage(server, 0),
                new PoolLevel(0, pool.target(server))))
        .build();
  }

  @GET
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "listDatabaseServers",
      summary = "List managed database servers",
      description =
          "Every registered server, by engine then name, with how many store databases it holds"
              + " and how many more it takes. Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The servers",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = ServerResponse.class)))
  public List<ServerResponse> list() {
    List<DatabaseServerService.ServerUsage> all = servers.list();
    Map<UUID, PoolLevel> levels =
        levels(all.stream().map(DatabaseServerService.ServerUsage::server).toList());
    return all.stream().map(u -> ServerResponse.of(u, levels.get(u.server().id))).toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(
      operationId = "getDatabaseServer",
      summary = "Get a managed database server",
      description =
          "One registered server with how many store databases it holds and how many more it"
              + " takes. Needs `provisioning:read`.")
  @APIResponse(
      responseCode = "200",
      description = "The server",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ServerResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`database-server-not-found`: no server has this id (a malformed id included)")
  public ServerResponse get(
      @Parameter(description = "The server's id") @PathParam("id") String id) {
    return response(servers.usage(serverId(id)));
  }

  @POST
  @Path("/{id}/drain")
  @RolesAllowed(Permissions.SERVERS_MANAGE)
  @Audited(action = "database-server.drain", target = "database_server")
  @Operation(
      operationId = "drainDatabaseServer",
      summary = "Drain a managed database server",
      description =
          "Stops placing new stores on the server; the stores on it stay. Idempotent: draining a"
              + " server that is not `active` changes nothing. Needs `servers:manage` (platform"
              + " admins).")
  @APIResponse(
      responseCode = "200",
      description = "The server, `draining`",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ServerResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`database-server-not-found`: no server has this id (a malformed id included)")
  public ServerResponse drain(
      @Parameter(description = "The server's id") @PathParam("id") String id) {
    return response(servers.drain(serverId(id)));
  }

  private ServerResponse response(DatabaseServerService.ServerUsage usage) {
    return ServerResponse.of(usage, levels(List.of(usage.server())).get(usage.server().id));
  }

  private Map<UUID, PoolLevel> levels(List<DatabaseServer> all) {
    try {
      return pool.levels(all);
    } catch (SQLException e) {
      // a master outage (the cause) is answered 503 by the problem mappers (MasterOutages)
      throw new IllegalStateException("Could not read the warm pools", e);
    }
  }

  private static UUID serverId(String id) {
    return Ids.parse(
        id,
        () ->
            new ProvisioningException(
                ProvisioningError.DATABASE_SERVER_NOT_FOUND,
                "There is no managed database server with this id."));
  }
}
