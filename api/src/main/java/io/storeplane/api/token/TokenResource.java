package io.storeplane.api.token;

import io.quarkus.security.identity.SecurityIdentity;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.Ids;
import io.storeplane.api.security.CallerIdentity;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import io.storeplane.master.token.ApiToken;
import io.storeplane.master.token.Caller;
import io.storeplane.master.token.IssuedToken;
import io.storeplane.master.token.TokenService;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
  public record CreateTokenRequest(
      UUID userId, UUID storeId, @NotBlank @Size(max = 100) String name, Instant expiresAt) {}

  /**
   * A token just created: {@code token} is shown here only, never again.
   *
   * @param id id
   * @param token the token
   * @param prefix its visible prefix
   * @param expiresAt expiry
   */
  public record CreatedTokenResponse(UUID id, String token, String prefix, Instant expiresAt) {

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
  public record TokenResponse(
      UUID id,
      String prefix,
      String name,
      UUID userId,
      UUID storeId,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
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
  @Operation(summary = "Create a token; the response is the only time it is shown")
  @APIResponse(
      responseCode = "201",
      description = "The token, with its secret shown this once",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreatedTokenResponse.class)))
  public Response create(@Valid @NotNull CreateTokenRequest request) {
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
    return Response.status(Response.Status.CREATED)
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
  @Operation(summary = "List tokens (never the tokens themselves)")
  public List<TokenResponse> list() {
    return tokens.list().stream().map(TokenResponse::of).toList();
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Permissions.TOKENS_MANAGE)
  @Audited(action = "token.revoke", target = "token")
  @Operation(summary = "Revoke a token (idempotent)")
  public TokenResponse revoke(@PathParam("id") String id) {
    return TokenResponse.of(tokens.revoke(Ids.parse(id, MasterError.TOKEN_NOT_FOUND, "token")));
  }
}
