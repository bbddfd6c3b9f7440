package io.storeplane.api.user;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.master.MasterError;
import io.storeplane.master.user.Permissions;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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
  @Schema(description = "A platform user to create")
  public record CreateUserRequest(
      @Schema(description = "Unique e-mail address", example = "ada@example.com")
          @NotBlank
          @Email
          @Size(max = 254)
          String email,
      @Schema(description = "Display name", example = "Ada Lovelace") @NotBlank @Size(max = 200)
          String fullName,
      @Schema(
              description = "The user's role",
              type = SchemaType.STRING,
              enumeration = {"platform_admin", "operator", "billing", "viewer"},
              example = "operator")
          @NotNull
          PlatformRole role) {}

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
  @Schema(description = "A platform user")
  public record UserResponse(
      @Schema(required = true, description = "The user id") UUID id,
      @Schema(required = true, description = "E-mail address", example = "ada@example.com")
          String email,
      @Schema(required = true, description = "Display name", example = "Ada Lovelace")
          String fullName,
      @Schema(
              required = true,
              description = "The user's role",
              enumeration = {"platform_admin", "operator", "billing", "viewer"},
              example = "operator")
          String role,
      @Schema(required = true, description = "Whether the user may act") boolean active,
      @Schema(required = true, description = "Creation time") Instant createdAt) {

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
  @Operation(
      operationId = "createUser",
      summary = "Create a platform user",
      description =
          "Creates a platform user with a role; give it a token with `POST /api/v1/tokens`."
              + " Needs `users:manage` (platform_admin).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreateUserRequest.class),
              examples =
                  @ExampleObject(
                      name = "operator",
                      summary = "An operator",
                      value =
                          "{\"email\": \"ada@example.com\", \"fullName\": \"Ada Lovelace\","
                              + " \"role\": \"operator\"}")))
  @APIResponse(
      responseCode = "201",
      description = "The user, created",
      headers =
          @Header(
              name = "Location",
              description = "Where the user is read",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UserResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "`email-taken`: a user with this e-mail exists already.")
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
  @Operation(
      operationId = "getUser",
      summary = "Read a platform user",
      description = "One platform user. Needs `users:manage` (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "The user",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UserResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`user-not-found`: no user has this id (a malformed id included).")
  public UserResponse get(@PathParam("id") String id) {
    return UserResponse.of(users.get(Ids.parse(id, MasterError.USER_NOT_FOUND, "user")));
  }

  @GET
  @RolesAllowed(Permissions.USERS_MANAGE)
  @Operation(
      operationId = "listUsers",
      summary = "List platform users",
      description = "Every platform user with their role. Needs `users:manage` (platform_admin).")
  public List<UserResponse> list() {
    return users.list().stream().map(UserResponse::of).toList();
  }
}
