package io.storeplane.api.user;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.MasterError;
import io.storeplane.master.user.PlatformRole;
import io.storeplane.master.user.PlatformUser;
import io.storeplane.master.user.UserService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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

/** Platform users and their roles. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
public class UserResource {

  private final UserService users;
  private final AuditContext audit;

  UserResource(UserService users, AuditContext audit) {
    this.users = users;
    this.audit = audit;
  }

  /**
   * Body of {@code POST /api/v1/users}.
   *
   * @param email unique e-mail address
   * @param fullName display name
   * @param role platform_admin, operator, billing or viewer
   */
  public record CreateUserRequest(
      @NotBlank @Email @Size(max = 254) String email,
      @NotBlank @Size(max = 200) String fullName,
      @NotNull PlatformRole role) {}

  /**
   * A platform user.
   *
   * @param id id
   * @param email e-mail
   * @param fullName name
   * @param role role
   * @param active whether the user may act
   * @param createdAt creation time
   */
  public record UserResponse(
      UUID id, String email, String fullName, String role, boolean active, Instant createdAt) {

    static UserResponse of(PlatformUser user) {
      return new UserResponse(
          user.id,
          user.email,
          user.fullName,
          user.role.name().toLowerCase(Locale.ROOT),
          user.active,
          user.createdAt);
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.USERS_MANAGE)
  @Audited(action = "user.create", target = "user")
  @Operation(summary = "Create a platform user with a role")
  @APIResponse(
      responseCode = "201",
      description = "The user, created",
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
              schema = @Schema(implementation = UserResponse.class)))
  public Response create(@Valid @NotNull CreateUserRequest request, UriInfo uri) {
    PlatformUser user = users.create(request.email(), request.fullName(), request.role());
    audit.target(user.id).detail("email", user.email).detail("role", request.role().name());
    return Response.created(uri.getAbsolutePathBuilder().path(user.id.toString()).build())
        .entity(UserResponse.of(user))
        .build();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Permissions.USERS_MANAGE)
  @Operation(summary = "Read one platform user")
  public UserResponse get(@PathParam("id") String id) {
    return UserResponse.of(users.get(Ids.parse(id, MasterError.USER_NOT_FOUND, "user")));
  }

  @GET
  @RolesAllowed(Permissions.USERS_MANAGE)
  @Operation(summary = "List platform users")
  public List<UserResponse> list() {
    return users.list().stream().map(UserResponse::of).toList();
  }
}
