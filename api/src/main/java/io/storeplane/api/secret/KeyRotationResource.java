package io.storeplane.api.secret;

import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.secret.KeyRotationService;
import io.storeplane.master.secret.KeyRotationService.RotationResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
  public record RotationStatus(int pending) {}

  @GET
  @RolesAllowed(Permissions.KEYS_ROTATE)
  @Operation(summary = "Count secrets not yet sealed with the active key")
  public RotationStatus status() {
    return new RotationStatus(rotation.pending());
  }

  @POST
  @Path("/rotate")
  @RolesAllowed(Permissions.KEYS_ROTATE)
  @Audited(action = "keys.rotate", target = "secrets")
  @Operation(summary = "Re-encrypt every stored secret under the active key (safe to repeat)")
  public RotationResult rotate() {
    RotationResult result = rotation.rotateAll();
    audit
        .detail("activeKeyId", result.activeKeyId())
        .detail("examined", result.examined())
        .detail("rotated", result.rotated());
    return result;
  }
}
