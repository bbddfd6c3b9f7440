package io.storeplane.provisioning.supabase.management;

import io.storeplane.master.secret.SecretString;
import java.util.Optional;

/**
 * One entry of {@code GET /v1/projects/{ref}/api-keys?reveal=true}.
 *
 * @param name {@code anon}, {@code service_role} (legacy) or the key's name ({@code default})
 * @param type {@code legacy}, {@code publishable} or {@code secret}; empty when not sent
 * @param value the key; empty when not sent
 * @param templateRole {@code secret_jwt_template.role} of a secret key
 */
public record ApiKey(
    String name,
    Optional<String> type,
    Optional<SecretString> value,
    Optional<String> templateRole) {

  /**
   * Whether this is the service-role key by the CLI's rule: a {@code secret} key whose template
   * role is {@code service_role}.
   */
  public boolean isSecretServiceRole() {
    return type.filter("secret"::equals).isPresent()
        && templateRole.filter("service_role"::equals).isPresent();
  }

  /** Whether this is the legacy {@code service_role} JWT. */
  public boolean isLegacyServiceRole() {
    return "service_role".equals(name) && type.map("legacy"::equals).orElse(true);
  }
}
