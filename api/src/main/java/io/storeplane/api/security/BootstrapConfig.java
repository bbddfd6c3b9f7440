package io.storeplane.api.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The first platform admin, created on first start when there is none ({@code
 * storeplane.bootstrap.*}).
 */
@ConfigMapping(prefix = "storeplane.bootstrap")
public interface BootstrapConfig {

  /**
   * The first admin's API token, for automation ({@code STOREPLANE_BOOTSTRAP_ADMIN_TOKEN}, at least
   * 32 characters). When unset a token is generated and printed once to the log.
   */
  Optional<String> adminToken();

  /** The first admin's e-mail address. */
  @WithDefault("admin@storeplane.local")
  String adminEmail();
}
