package io.storeplane.api.security;

import io.quarkus.runtime.StartupEvent;
import io.storeplane.master.token.IssuedToken;
import io.storeplane.master.token.TokenService;
import io.storeplane.master.user.PlatformRole;
import io.storeplane.master.user.PlatformUser;
import io.storeplane.master.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes sure someone can log in: on start, when no active platform admin exists, creates one with
 * an API token — the configured {@code STOREPLANE_BOOTSTRAP_ADMIN_TOKEN}, or a generated one
 * printed once to the log (the only secret Storeplane ever logs, and only when nobody could log
 * in). A configured token is also (re)registered for an existing admin, so automation keeps
 * working.
 */
@ApplicationScoped
public class BootstrapAdmin {

  private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

  private final UserService users;
  private final TokenService tokens;
  private final BootstrapConfig config;

  BootstrapAdmin(UserService users, TokenService tokens, BootstrapConfig config) {
    this.users = users;
    this.tokens = tokens;
    this.config = config;
  }

  @Transactional
  void onStart(@Observes StartupEvent event) {
    users.lockBootstrap();
    Optional<PlatformUser> existing = users.anyActiveAdmin();
    PlatformUser admin =
        existing.orElseGet(
            () ->
                users.create(config.adminEmail(), "Bootstrap admin", PlatformRole.PLATFORM_ADMIN));
    if (config.adminToken().isPresent()) {
      tokens.registerForUser(admin.id, config.adminToken().get(), "bootstrap");
    } else if (existing.isEmpty()) {
      IssuedToken issued =
          tokens.issueForUser(admin.id, "bootstrap", Optional.empty(), "bootstrap");
      LOG.warnf(
          "Created the first platform admin %s. Its API token, shown this once: %s"
              + " (send it as 'Authorization: Bearer <token>'; set STOREPLANE_BOOTSTRAP_ADMIN_TOKEN"
              + " to choose it instead)",
          admin.email, issued.secret());
    }
  }
}
