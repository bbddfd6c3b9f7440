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
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.settings.PlatformSettingKey;
import io.storeplane.master.settings.PlatformSettings;
import io.storeplane.master.settings.SettingView;
import io.storeplane.master.token.Caller;
import io.storeplane.master.user.Permissions;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform's settings: a closed list of keys (see {@link PlatformSettingKey}), each a JSON
 * value or a secret. Secrets are write-only: sealed at rest, never answered, never audited.
 */
@Path("/api/v1/admin/settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access")
public class PlatformSettingsResource {

  private static final String KEY = "The setting's key, e.g. `supabase.organization`";

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
  @Schema(
      description =
          "A setting's new value: `value` for a plain setting, `secret` for a secret one; exactly"
              + " one of the two")
  public record SettingRequest(
      @Schema(
              implementation = String.class,
              description =
                  "The JSON value of a plain setting (every plain setting today is a JSON string)",
              example = "acme-org")
          JsonNode value,
      @Schema(description = "The secret of a secret setting (write-only: never answered)")
          @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
          String secret) {

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
  @Schema(
      description =
          "A platform setting as the API shows it: a secret's value never appears. Fields"
              + " without a value are left out.")
  public record SettingResponse(
      @Schema(
              required = true,
              description = "The setting",
              enumeration = {
                "supabase.access-token",
                "supabase.organization",
                "supabase.default-region",
                "storeplane.retention.request-logs"
              },
              example = "supabase.organization")
          String key,
      @Schema(required = true, description = "Whether it is a secret (write-only)") boolean secret,
      @Schema(required = true, description = "Whether it is stored") boolean set,
      @Schema(
              type = SchemaType.STRING,
              description = "Its JSON value, for a plain setting that is set",
              example = "acme-org")
          Object value,
      @Schema(required = true, description = "What it is for") String description,
      @Schema(description = "When it was last set") Instant updatedAt,
      @Schema(description = "Who last set it", example = "ada@example.com") String updatedBy) {

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
  @Operation(
      operationId = "listSettings",
      summary = "List the platform settings",
      description =
          "Every known platform setting, set or not; a secret shows only whether it is set."
              + " Needs `settings:manage` (platform_admin).")
  public List<SettingResponse> list() {
    return settings.list().stream().map(SettingResponse::of).toList();
  }

  @GET
  @Path("/{key}")
  @RolesAllowed(Permissions.SETTINGS_MANAGE)
  @Operation(
      operationId = "getSetting",
      summary = "Read a platform setting",
      description =
          "One platform setting, set or not; a secret shows only whether it is set. Needs"
              + " `settings:manage` (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "The setting",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SettingResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`setting-not-found`: no platform setting has this key.")
  public SettingResponse get(@Parameter(description = KEY) @PathParam("key") String key) {
    return SettingResponse.of(settings.view(PlatformSettingKey.of(key)));
  }

  @PUT
  @Path("/{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Permissions.SETTINGS_MANAGE)
  @Audited(action = "setting.put", target = "platform-setting")
  @Operation(
      operationId = "setSetting",
      summary = "Set a platform setting",
      description =
          "Stores `{\"value\": ...}` for a plain setting or `{\"secret\": \"...\"}` for a secret"
              + " one (sealed at rest, never answered). Audited (a value is in the details, a"
              + " secret never is); setting it again replaces it. Needs `settings:manage`"
              + " (platform_admin).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SettingRequest.class),
              examples = {
                @ExampleObject(
                    name = "value",
                    summary = "A plain setting",
                    value = "{\"value\": \"acme-org\"}"),
                @ExampleObject(
                    name = "secret",
                    summary = "A secret setting",
                    value = "{\"secret\": \"sbp_…\"}")
              }))
  @APIResponse(
      responseCode = "200",
      description = "The setting, set",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SettingResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "`validation-failed`: both or neither of `value` and `secret`; `invalid-setting`: a"
              + " value for a secret key, a secret for a plain one, a non-string value, or one that"
              + " breaks the setting's rule (the detail names the rule, never what was sent);"
              + " `malformed-request`.")
  @APIResponse(
      responseCode = "404",
      description = "`setting-not-found`: no platform setting has this key.")
  public SettingResponse put(
      @Parameter(description = KEY) @PathParam("key") String key, @NotNull SettingRequest request) {
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
  @Operation(
      operationId = "resetSetting",
      summary = "Reset a platform setting",
      description =
          "Removes the stored value, so the configuration's value applies again; the setting"
              + " itself stays (it answers `set: false`). Idempotent and audited. Needs"
              + " `settings:manage` (platform_admin).")
  @APIResponse(
      responseCode = "200",
      description = "The setting, no longer set",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = SettingResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "`setting-not-found`: no platform setting has this key.")
  public SettingResponse delete(@Parameter(description = KEY) @PathParam("key") String key) {
    PlatformSettingKey setting = PlatformSettingKey.of(key);
    audit.target(setting.key());
    audit.detail("wasSet", settings.delete(setting));
    return SettingResponse.of(settings.view(setting));
  }
}
