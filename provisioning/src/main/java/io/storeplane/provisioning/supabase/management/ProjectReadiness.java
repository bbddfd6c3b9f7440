package io.storeplane.provisioning.supabase.management;

import java.util.List;

/**
 * One look at a project while waiting for it: its status, and once it is {@code ACTIVE_HEALTHY} the
 * health of the {@code db} and {@code rest} services.
 *
 * @param ref the project
 * @param status the project status
 * @param services the services' health (empty until the project is {@code ACTIVE_HEALTHY})
 */
public record ProjectReadiness(String ref, ProjectStatus status, List<ServiceHealth> services) {

  /** Whether the project and every service asked for are healthy. */
  public boolean ready() {
    return status.phase() == ProjectStatus.Phase.READY
        && !services.isEmpty()
        && services.stream().allMatch(ServiceHealth::healthy);
  }

  /** Whether the project is in a terminal state. */
  public boolean failed() {
    return status.phase() == ProjectStatus.Phase.FAILED;
  }

  /** A one-line description for a job step, e.g. {@code COMING_UP} or {@code db ACTIVE_HEALTHY}. */
  public String describe() {
    if (services.isEmpty()) {
      return status.name();
    }
    StringBuilder out = new StringBuilder(status.name());
    for (ServiceHealth service : services) {
      out.append(", ").append(service.name()).append(' ').append(service.status());
    }
    return out.toString();
  }
}
