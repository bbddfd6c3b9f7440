package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.ProvisioningException;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
  public record RegisterServerRequest(
      @NotBlank @Size(max = 100) String name,
      @NotNull @Pattern(regexp = "postgresql|mysql", message = "must be postgresql or mysql")
          String engine,
      @NotBlank @Size(max = 255) @HostName String host,
      @NotNull @Min(1) @Max(65535) Integer port,
      @NotBlank @Size(max = 128) String adminUsername,
      @NotNull @Size(max = 1024) @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
          String adminPassword,
      @NotNull @Min(1) Integer maxStores) {

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
   */
  public record ServerResponse(
      UUID id,
      String name,
      String engine,
      String host,
      int port,
      String adminUsername,
      String status,
      boolean isDefault,
      int maxStores,
      long stores,
      long capacityLeft,
      Instant createdAt) {

    static ServerResponse of(DatabaseServerService.ServerUsage usage) {
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
          s.createdAt);
    }
  }

  private final DatabaseServerService servers;
  private final AuditContext audit;

  DatabaseServerResource(DatabaseServerService servers, AuditContext audit) {
    this.servers = servers;
    this.audit = audit;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.SERVERS_MANAGE)
  @Audited(action = "database-server.register", target = "database_server")
  @Operation(summary = "Register a managed database server")
  @APIResponse(
      responseCode = "201",
      description = "The server, registered",
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
              schema = @Schema(implementation = ServerResponse.class)))
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
        .entity(ServerResponse.of(new DatabaseServerService.ServerUsage(server, 0)))
        .build();
  }

  @GET
  @RolesAllowed(Permissions.PROVISIONING_READ)
  @Operation(summary = "List managed database servers with their store count and capacity left")
  public List<ServerResponse> list() {
    return servers.list().stream().map(ServerResponse::of).toList();
  }

  @POST
  @Path("/{id}/drain")
  @RolesAllowed(Permissions.SERVERS_MANAGE)
  @Audited(action = "database-server.drain", target = "database_server")
  @Operation(summary = "Stop placing new stores on a server (idempotent)")
  public ServerResponse drain(@PathParam("id") String id) {
    UUID serverId;
    try {
      serverId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(
          ProvisioningError.DATABASE_SERVER_NOT_FOUND,
          "There is no managed database server with this id.");
    }
    return ServerResponse.of(servers.drain(serverId));
  }
}
