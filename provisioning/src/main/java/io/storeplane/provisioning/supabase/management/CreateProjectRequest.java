package io.storeplane.provisioning.supabase.management;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.supabase.SupabaseJson;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/projects} ({@code V1CreateProjectBody}). Sends {@code
 * organization_slug} (the current required field, not the deprecated {@code organization_id}) and
 * the region as {@code region_selection: {type: specific, code}}, never both region fields.
 *
 * @param name the project name, 1..256 characters (Storeplane uses the store slug)
 * @param dbPass the password of the project's {@code postgres} user
 * @param organizationSlug the organization to create it in ({@code ^[\w-]+$})
 * @param region a region code such as {@code eu-central-1}, or empty for Supabase's default
 * @param desiredInstanceSize e.g. {@code micro}, or empty for the smallest
 */
public record CreateProjectRequest(
    String name,
    SecretString dbPass,
    String organizationSlug,
    Optional<String> region,
    Optional<String> desiredInstanceSize) {

  private static final Pattern SLUG = Pattern.compile("[\\w-]+");

  public CreateProjectRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dbPass, "dbPass");
    Objects.requireNonNull(organizationSlug, "organizationSlug");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(desiredInstanceSize, "desiredInstanceSize");
    if (name.isBlank() || name.length() > 256) {
      throw new IllegalArgumentException("A Supabase project name has 1 to 256 characters");
    }
    if (dbPass.isEmpty()) {
      throw new IllegalArgumentException("A Supabase project needs a database password");
    }
    if (!SLUG.matcher(organizationSlug).matches()) {
      throw new IllegalArgumentException("An organization slug matches ^[\\w-]+$");
    }
  }

  /** The JSON body; the only place the password is revealed. */
  String toJson() {
    ObjectNode body = SupabaseJson.MAPPER.createObjectNode();
    body.put("name", name);
    body.put("db_pass", dbPass.reveal());
    body.put("organization_slug", organizationSlug);
    region.ifPresent(
        code -> body.putObject("region_selection").put("type", "specific").put("code", code));
    desiredInstanceSize.ifPresent(size -> body.put("desired_instance_size", size));
    return SupabaseJson.write(body);
  }
}
