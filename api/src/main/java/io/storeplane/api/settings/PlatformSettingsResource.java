package io.storeplane.api.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.storeplane.api.audit.AuditContext;
import io.storeplane.api.audit.Audited;
import io.storeplane.api.problem.ApiException;
import io.storeplane.api.security.CallerIdentity;
import io.storeplane.api.security.Permissions;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.settings.PlatformSettingKey;
import io.storeplane.master.settings.PlatformSettings;
import io.storeplane.master.settings.SettingView;
import io.storeplane.master.token.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform's settings: a closed list of keys (see {@link PlatformSettingKey}), each a JSON
 * value or a secret. Secrets are write-only: sealed at rest, never answered, never audited.
 */
@Path("/api/v1/admin/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
public class PlatformSettingsResource {

  private final PlatformSettings settings;
  private final SecurityIdentity identity;
  private final AuditContext audit;
  private final ObjectMapper json;

  PlatformSettingsResource(
      PlatformSettings settings, SecurityIdentity identity, AuditContext audit, ObjectMapper json) {
    this.settings = settings;
    this.identity = identity;
    this.audit = audit;
    this.json = json;
  }

  /**
   * Body of {@code PUT /api/v1/admin/settings/{key}}: exactly one of the two.
   *
   * @param value the JSON value of a non-secret setting
   * @param secret the secret of a secret setting (write-only)
   */
  public record SettingRequest(
      JsonNode value, @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String secret) {

    @Override
    public String toString() {
      return "SettingRequest[value=%s, secret=%s]".formatted(value, secret == null ? null : "***");
    }
  }

  /**
   * A setting as the API shows it: a secret's value never appears.
   *
   * @param key the setting
   * @param secret whether it is a secret
   * @param set whether it is stored
   * @param value its JSON value (non-secret settings that are set)
   * @param description what it is for
   * @param updatedAt when it was last set
   * @param updatedBy who last set it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SettingResponse(
      String key,
      boolean secret,
      boolean set,
      Object value,
      String description,
      Instant updatedAt,
      String updatedBy) {

    static SettingResponse of(SettingView view) {
      return new SettingResponse(
          view.key().key(),
          view.key().secret(),
          view.set(),
          view.value().orElse(null),
          view.key().description(),
          view.updatedAt().orElse(null),
          view.updatedBy().orElse(null));
    }
  }

  @GET
  @RolesAllowed(Permissions.SETTINGS_MANAGE)
  @Operation(summary = "List every platform setting; secrets show only whether they are set")
  public List<SettingResponse> list() {
    return settings.list().stream().map(SettingResponse::of).toList();
  }

  @GET
  @Path("/{key}")
  @RolesAllowed(Permissions.SETTINGS_MANAGE)
  @Operation(summary = "Read one platform setting")
  public SettingResponse get(@PathParam("key") String key) {
    return SettingResponse.of(settings.view(PlatformSettingKey.of(key)));
  }

  @PUT
  @Path("/{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.SETTINGS_MANAGE)
  @Audited(action = "setting.put", target = "platform-setting")
  @Operation(
      summary = "Set a platform setting: {\"value\": ...} or, for a secret, {\"secret\": \"...\"}")
  public SettingResponse put(@PathParam("key") String key, @NotNull SettingRequest request) {
    PlatformSettingKey setting = PlatformSettingKey.of(key);
    audit.target(setting.key());
    boolean hasValue = request.value() != null && !request.value().isNull();
    boolean hasSecret = request.secret() != null;
    if (hasValue == hasSecret) {
      throw ApiException.invalid(
          setting.secret() ? "secret" : "value",
          "send exactly one of \"value\" (a JSON value) or \"secret\" (a string);"
              + " to clear a setting, DELETE it");
    }
    String actor = CallerIdentity.of(identity).map(Caller::label).orElse(null);
    SettingView view =
        hasSecret
            ? settings.putSecret(setting, SecretString.of(request.secret()), actor)
            : settings.putValue(setting, json.convertValue(request.value(), Object.class), actor);
    audit.detail("secret", setting.secret());
    view.value().ifPresent(v -> audit.detail("value", v));
    return SettingResponse.of(view);
  }

  @DELETE
  @Path("/{key}")
  @RolesAllowed(Permissions.SETTINGS_MANAGE)
  @Audited(action = "setting.delete", target = "platform-setting")
  @Operation(summary = "Remove a platform setting, so the configuration's value applies again")
  public SettingResponse delete(@PathParam("key") String key) {
    PlatformSettingKey setting = PlatformSettingKey.of(key);
    audit.target(setting.key());
    audit.detail("wasSet", settings.delete(setting));
    return SettingResponse.of(settings.view(setting));
  }
}
