package io.storeplane.provisioning.connect;

import io.storeplane.master.secret.SecretString;
import java.net.URI;
import java.util.Objects;

/**
 * Where a Supabase store's data is served: its project's Data API (PostgREST at {@code
 * <projectUrl>/rest/v1}) and the service role key it is called with. The key lives only in memory
 * ({@link SecretString}) and never reaches a log line, an error or {@link #toString()}.
 *
 * @param projectUrl the project URL as saved by provisioning, e.g. {@code
 *     https://<ref>.supabase.co}
 * @param serviceRoleKey the service role key (a legacy JWT or an {@code sb_secret_...} key)
 */
public record PostgrestTarget(URI projectUrl, SecretString serviceRoleKey) {

  public PostgrestTarget {
    Objects.requireNonNull(projectUrl, "projectUrl");
    Objects.requireNonNull(serviceRoleKey, "serviceRoleKey");
  }

  /** The project's host, and its port when the URL names one: what the admin endpoint shows. */
  public String endpoint() {
    return projectUrl.getPort() < 0
        ? projectUrl.getHost()
        : projectUrl.getHost() + ":" + projectUrl.getPort();
  }

  @Override
  public String toString() {
    return "PostgrestTarget[" + projectUrl + ", key ***]";
  }
}
