package io.storeplane.provisioning.supabase.management;

import java.util.Optional;

/**
 * One service's entry in {@code GET /v1/projects/{ref}/health}.
 *
 * @param name the service ({@code db}, {@code rest}, ...)
 * @param status {@code COMING_UP}, {@code ACTIVE_HEALTHY} or {@code UNHEALTHY}
 * @param error the error Supabase reported, if any
 */
public record ServiceHealth(String name, String status, Optional<String> error) {

  /** Whether the service is {@code ACTIVE_HEALTHY}. */
  public boolean healthy() {
    return "ACTIVE_HEALTHY".equals(status);
  }
}
