package io.storeplane.master.user;

import java.util.Set;

/**
 * What a caller may do, as the role names the REST resources check with {@code @RolesAllowed} and
 * the console checks before showing or accepting a write. A platform user gets the permissions of
 * their role; a store token gets {@link #STORE_SELF} only (the api's store-scope policy keeps it
 * inside its own store's paths). This table is the one place roles are defined; docs/security.md
 * shows it.
 */
public final class Permissions {

  public static final String STORES_READ = "stores:read";
  public static final String STORES_WRITE = "stores:write";
  public static final String PROVISIONING_READ = "provisioning:read";
  public static final String PROVISIONING_WRITE = "provisioning:write";

  /**
   * Registering and draining managed database servers: the platform connects to them as their
   * admin, so only platform admins may add one (operators keep reading them and provisioning onto
   * them).
   */
  public static final String SERVERS_MANAGE = "servers:manage";

  /** Jobs of every kind and the recurring schedules (read-only). */
  public static final String JOBS_READ = "jobs:read";

  public static final String BILLING_READ = "billing:read";
  public static final String BILLING_WRITE = "billing:write";
  public static final String USERS_MANAGE = "users:manage";
  public static final String TOKENS_MANAGE = "tokens:manage";
  public static final String AUDIT_READ = "audit:read";
  public static final String KEYS_ROTATE = "keys:rotate";
  public static final String SETTINGS_MANAGE = "settings:manage";

  /** A store token acting on its own store. */
  public static final String STORE_SELF = "store:self";

  private static final Set<String> ALL =
      Set.of(
          STORES_READ,
          STORES_WRITE,
          PROVISIONING_READ,
          PROVISIONING_WRITE,
          SERVERS_MANAGE,
          JOBS_READ,
          BILLING_READ,
          BILLING_WRITE,
          USERS_MANAGE,
          TOKENS_MANAGE,
          AUDIT_READ,
          KEYS_ROTATE,
          SETTINGS_MANAGE);

  private Permissions() {}

  /** The permissions of a platform role. */
  public static Set<String> of(PlatformRole role) {
    return switch (role) {
      case PLATFORM_ADMIN -> ALL;
      case OPERATOR ->
          Set.of(STORES_READ, PROVISIONING_READ, PROVISIONING_WRITE, JOBS_READ, BILLING_READ);
      case BILLING -> Set.of(BILLING_READ, BILLING_WRITE);
      case VIEWER -> Set.of(STORES_READ, PROVISIONING_READ, JOBS_READ, BILLING_READ);
    };
  }
}
