package io.storeplane.api.token;

import io.quarkus.security.identity.SecurityIdentity;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.api.security.CallerIdentity;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.token.ApiToken;
import io.storeplane.master.token.Caller;
import io.storeplane.master.token.IssuedToken;
import io.storeplane.master.token.TokenService;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.Optional;
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

/** API tokens: for platform users, or bound to one store for its apps. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
public class TokenResource {

  private final TokenService tokens;
  private final SecurityIdentity identity;
  private final AuditContext audit;

  TokenResource(TokenService tokens, SecurityIdentity identity, AuditContext audit) {
    this.tokens = tokens;
    this.identity = identity;
    this.audit = audit;
  }

  /**
   * Body of {@code POST /api/v1/tokens}: exactly one of {@code userId} and {@code storeId}.
   *
   * @param userId the user the token acts as
   * @param storeId the store the token is bound to
   * @param name what the token is for
   * @param expiresAt when it stops working; never when left out
   */
  @Schema(description = "A token to create: for a platform user, or bound to one store")
  public record CreateTokenRequest(
      @Schema(description = "The active user the token acts as (or `storeId`)") UUID userId,
      @Schema(description = "The store the token is bound to (or `userId`)") UUID storeId,
      @Schema(description = "What the token is for", example = "acme-shoes storefront")
          @NotBlank
          @Size(max = 100)
          String name,
      @Schema(description = "When it stops working, in the future; never when left out")
          Instant expiresAt) {}

  /**
   * A token just created: {@code token} is shown here only, never again.
   *
   * @param id id
   * @param token the token
   * @param prefix its visible prefix
   * @param expiresAt expiry
   */
  @Schema(description = "A token just created: `token` is shown here only, never again")
  public record CreatedTokenResponse(
      @Schema(required = true, description = "The token id") UUID id,
      @Schema(required = true, description = "The token itself: send it as `Bearer <token>`")
          String token,
      @Schema(required = true, description = "Its visible prefix", example = "spt_Xk3v9QaB")
          String prefix,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description = "Expiry; null: never")
          Instant expiresAt) {

    @Override
    public String toString() {
      return "CreatedTokenResponse[id=" + id + ", prefix=" + prefix + ", token=***]";
    }
  }

  /**
   * A token as listed: never the token itself.
   *
   * @param id id
   * @param prefix visible prefix
   * @param name purpose
   * @param userId the user it acts as
   * @param storeId the store it is bound to
   * @param createdAt creation time
   * @param expiresAt expiry
   * @param lastUsedAt last use, written at most once a minute (it may lag by up to a minute)
   * @param revokedAt revocation time
   */
  @Schema(description = "A token's metadata: never the token itself")
  public record TokenResponse(
      @Schema(required = true, description = "The token id") UUID id,
      @Schema(required = true, description = "Its visible prefix", example = "spt_Xk3v9QaB")
          String prefix,
      @Schema(required = true, description = "What it is for", example = "acme-shoes storefront")
          String name,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "uuid",
              description = "The user it acts as; null for a store token")
          UUID userId,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "uuid",
              description = "The store it is bound to; null for a user's token")
          UUID storeId,
      @Schema(required = true, description = "Creation time") Instant createdAt,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description = "Expiry; null: never")
          Instant expiresAt,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description =
                  "Last use, written at most once a minute (it may lag by up to a minute); null:"
                      + " never used")
          Instant lastUsedAt,
      @Schema(
              required = true,
              nullable = true,
              implementation = String.class,
              format = "date-time",
              description = "Revocation time; null: not revoked")
          Instant revokedAt) {

    static TokenResponse of(ApiToken token) {
      return new TokenResponse(
          token.id,
          token.prefix,
          token.name,
          token.userId,
          token.storeId,
          token.createdAt,
          token.expiresAt,
          token.lastUsedAt,
          token.revokedAt);
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.TOKENS_MANAGE)
  @Audited(action = "token.create", target = "token")
  @Operation(
      operationId = "createToken",
      summary = "Create a token",
      description =
          "Creates a token acting as a platform user (with the user's role) or bound to one store"
              + " (it reaches only that store's endpoints). The response is the only time the"
              + " token is shown, and is sent with `Cache-Control: no-store`. Needs"
              + " `tokens:manage` (platform_admin).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreateTokenRequest.class),
              examples =
                  @ExampleObject(
                      name = "store",
                      summary = "A token for a store's app",
                      value =
                          "{\"storeId\": \"0b6f5c6e-8d3a-4c1e-9f7a-2d4e5f6a7b8c\", \"name\":"
                              + " \"acme-shoes storefront\", \"expiresAt\":"
                              + " \"2027-01-01T00:00:00Z\"}")))
  @APIResponse(
      responseCode = "201",
      description = "The token, with its secret shown this once",
      headers =
          @Header(
              name = "Location",
              description = "Where the token's metadata is read (never the token itself)",
              schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreatedTokenResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed` (with `errors`), `malformed-request`, `invalid-token-request`: not"
              + " exactly one of `userId` and `storeId`, no active user or no store (not deleted)"
              + " with that id, or `expiresAt` not in the future.")
  public Response create(@Valid @NotNull CreateTokenRequest request, UriInfo uri) {
    if ((request.userId() == null) == (request.storeId() == null)) {
      throw new MasterDataException(
          MasterError.INVALID_TOKEN_REQUEST, "Give exactly one of userId and storeId.");
    }
    String creator = CallerIdentity.of(identity).map(Caller::label).orElse(null);
    Optional<Instant> expiresAt = Optional.ofNullable(request.expiresAt());
    IssuedToken issued =
        request.userId() != null
            ? tokens.issueForUser(request.userId(), request.name(), expiresAt, creator)
            : tokens.issueForStore(request.storeId(), request.name(), expiresAt, creator);
    audit
        .target(issued.token().id)
        .detail("prefix", issued.token().prefix)
        .detail("userId", request.userId())
        .detail("storeId", request.storeId());
    // The token is in this body only: no cache (browser, proxy) may keep a copy.
    return Response.created(uri.getAbsolutePathBuilder().path(issued.token().id.toString()).build())
        .header("Cache-Control", "no-store")
        .header("Pragma", "no-cache")
        .entity(
            new CreatedTokenResponse(
                issued.token().id,
                issued.secret(),
                issued.token().prefix,
                issued.token().expiresAt))
        .build();
  }

  @GET
  @RolesAllowed(Permissions.TOKENS_MANAGE)
  @Operation(
      operationId = "listTokens",
      summary = "List tokens",
      description =
          "Every token, newest first, with its owner, expiry, last use and revocation; never the"
              + " tokens themselves. Needs `tokens:manage` (platform_admin).")
  public List<TokenResponse> list() {
    return tokens.list().stream().map(TokenResponse::of).toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed(Permissions.TOKENS_MANAGE)
  @Operation(
      operationId = "getToken",
      summary = "Read a token's metadata",
      description =
          "One token, revoked or not, as listed: never the token itself. Needs `tokens:manage`"
              + " (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "The token's metadata",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TokenResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`token-not-found`: no token has this id (a malformed id included).")
  public TokenResponse get(@PathParam("id") String id) {
    return TokenResponse.of(tokens.get(tokenId(id)));
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Permissions.TOKENS_MANAGE)
  @Audited(action = "token.revoke", target = "token")
  @Operation(
      operationId = "revokeToken",
      summary = "Revoke a token",
      description =
          "Revokes the token at once: it answers 401 from the next call on. Revoking a revoked"
              + " token changes nothing (idempotent). Needs `tokens:manage` (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "The token's metadata, revoked",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TokenResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`token-not-found`: no token has this id (a malformed id included).")
  public TokenResponse revoke(@PathParam("id") String id) {
    return TokenResponse.of(tokens.revoke(tokenId(id)));
  }

  private static UUID tokenId(String id) {
    return Ids.parse(id, MasterError.TOKEN_NOT_FOUND, "token");
  }
}
