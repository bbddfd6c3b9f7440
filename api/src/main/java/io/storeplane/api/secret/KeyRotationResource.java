package io.storeplane.api.secret;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.master.secret.KeyRotationService;
import io.storeplane.master.secret.KeyRotationService.RotationResult;
import io.storeplane.master.user.Permissions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Encryption key rotation: re-seal every stored secret under the active key, online. */
@Path("/api/v1/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
public class KeyRotationResource {

  private final KeyRotationService rotation;
  private final AuditContext audit;

  KeyRotationResource(KeyRotationService rotation, AuditContext audit) {
    this.rotation = rotation;
    this.audit = audit;
  }

  /**
   * How many secrets are not yet sealed with the active key.
   *
   * @param pending secrets still under an older key
   */
  @Schema(description = "How many stored secrets are not yet sealed with the active key")
  public record RotationStatus(
      @Schema(required = true, description = "Secrets still under an older key", example = "0")
          int pending) {}

  /**
   * What a rotation pass did.
   *
   * @param activeKeyId the key every secret is now sealed with
   * @param examined secrets looked at
   * @param rotated secrets rewritten
   * @param rotatedPerTable rewritten secrets per table
   */
  @Schema(description = "What a rotation pass did")
  public record RotationResponse(
      @Schema(
              required = true,
              description = "The key every secret is now sealed with",
              example = "k2026")
          String activeKeyId,
      @Schema(required = true, description = "Secrets looked at", example = "12") int examined,
      @Schema(required = true, description = "Secrets rewritten", example = "3") int rotated,
      @Schema(
              required = true,
              description = "Rewritten secrets per table",
              example =
                  "{\"integration_configs\": 2, \"database_servers\": 1,"
                      + " \"platform_settings\": 0}")
          Map<String, Integer> rotatedPerTable) {

    static RotationResponse of(RotationResult result) {
      return new RotationResponse(
          result.activeKeyId(), result.examined(), result.rotated(), result.rotatedPerTable());
    }
  }

  @GET
  @RolesAllowed(Permissions.KEYS_ROTATE)
  @Operation(
      operationId = "listEncryptionKeys",
      summary = "Count secrets not yet sealed with the active key",
      description =
          "How many stored secrets (store credentials, server passwords, secret settings) are"
              + " still sealed with an older key: 0 once a rotation has finished. Needs"
              + " `keys:rotate` (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "How many secrets are pending",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RotationStatus.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "`secret-invalid-key-ring`, `secret-no-key-configured`, `secret-crypto-unavailable`:"
              + " the key ring cannot be used; `master-database-unavailable`.")
  public RotationStatus status() {
    return new RotationStatus(rotation.pending());
  }

  @POST
  @Path("/rotate")
  @RolesAllowed(Permissions.KEYS_ROTATE)
  @Audited(action = "keys.rotate", target = "secrets")
  @Operation(
      operationId = "rotateEncryptionKeys",
      summary = "Re-encrypt every stored secret under the active key",
      description =
          "Re-seals, online and in batches, every stored secret not sealed with the active key"
              + " (configure the new key as active first, keep the old one until this has run)."
              + " Safe to repeat: a second run rewrites nothing. Needs `keys:rotate`"
              + " (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "What the pass did",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RotationResponse.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "`secret-unknown-key`, `secret-authentication-failed`, `secret-malformed`: a stored"
              + " secret cannot be opened with the key ring (restore its key); the key ring cannot"
              + " be used (`secret-invalid-key-ring`, `secret-no-key-configured`,"
              + " `secret-crypto-unavailable`); `master-database-unavailable`.")
  public RotationResponse rotate() {
    RotationResult result = rotation.rotateAll();
    audit
        .detail("activeKeyId", result.activeKeyId())
        .detail("examined", result.examined())
        .detail("rotated", result.rotated());
    return RotationResponse.of(result);
  }
}
