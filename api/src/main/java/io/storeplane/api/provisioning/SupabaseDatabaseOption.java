package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeplane.master.integration.IntegrationSecrets;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.store.StoreConnection;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A Supabase project for the store: {@code create: true} makes a new one (in {@code region}, or the
 * platform's default); otherwise {@code projectUrl} and {@code serviceRoleKey} connect an existing
 * one, with an {@code accessToken} (Management API) or the {@code dbPassword} (direct Postgres) to
 * apply the schema, since the REST key alone cannot run DDL. Keys are write-only. An {@code http}
 * URL (or one ending in {@code /<ref>}) passes validation here but is refused by the provisioning
 * job unless {@code storeplane.supabase.allow-http-project-urls} is set (tests against the double).
 */
@Schema(
    description =
        "A Supabase project: `create: true` makes a new one; otherwise `projectUrl` and"
            + " `serviceRoleKey` connect an existing one, with an `accessToken` or the"
            + " `dbPassword` to apply the schema. Keys are write-only.")
public record SupabaseDatabaseOption(
    @Schema(
            required = true,
            enumeration = {"supabase"},
            example = "supabase")
        String type,
    @Schema(description = "Create a new project (then send no `projectUrl` nor key)")
        Boolean create,
    @Schema(
            description = "The region of a new project; the platform's default when left out",
            example = "eu-central-1")
        @Size(max = 64)
        @Pattern(regexp = "[a-z0-9-]+", message = "must be a Supabase region code")
        String region,
    @Size(max = 255)
        @Pattern(
            regexp = "https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z]{20})?/?",
            message = "must be the URL of a Supabase project, https://<ref>.supabase.co")
        @Schema(
            description = "An existing project's URL",
            example = "https://abcdefghijklmnopqrst.supabase.co")
        String projectUrl,
    @Schema(description = "An existing project's service role (secret) key")
        @Size(max = 4096)
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        String serviceRoleKey,
    @Schema(description = "A Management API token that may run SQL on the project")
        @Size(max = 4096)
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        String accessToken,
    @Schema(description = "The project's database password (direct Postgres), instead of a token")
        @Size(max = 1024)
        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        String dbPassword)
    implements DatabaseOption {

  public boolean creates() {
    return Boolean.TRUE.equals(create);
  }

  /** Connecting needs the URL, the service role key, and one way to run DDL. */
  @AssertTrue(
      message =
          "needs create: true, or projectUrl, serviceRoleKey and one of accessToken or dbPassword")
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  @Schema(hidden = true)
  public boolean isComplete() {
    if (creates()) {
      return projectUrl == null && serviceRoleKey == null;
    }
    return notBlank(projectUrl)
        && notBlank(serviceRoleKey)
        && (notBlank(accessToken) || notBlank(dbPassword));
  }

  @Override
  public Optional<StoreConnection> connection() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("create", creates());
    if (region != null) {
      settings.put("region", region);
    }
    if (projectUrl != null) {
      settings.put("projectUrl", projectUrl);
    }
    Map<String, SecretString> secrets = new LinkedHashMap<>();
    putIfGiven(secrets, "serviceRoleKey", serviceRoleKey);
    putIfGiven(secrets, "accessToken", accessToken);
    putIfGiven(secrets, "dbPassword", dbPassword);
    return Optional.of(new StoreConnection(type, settings, IntegrationSecrets.of(secrets)));
  }

  @Override
  public Optional<InetSocketAddress> endpoint() {
    if (projectUrl == null) {
      return Optional.empty();
    }
    URI uri = URI.create(projectUrl);
    return Optional.of(
        InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 443));
  }

  private static void putIfGiven(Map<String, SecretString> secrets, String name, String value) {
    if (notBlank(value)) {
      secrets.put(name, SecretString.of(value));
    }
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "SupabaseDatabaseOption[create=%s, region=%s, projectUrl=%s, keys=***]"
        .formatted(create, region, projectUrl);
  }
}
