package io.storeplane.master.user;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Platform users; e-mail addresses are unique regardless of case. */
@ApplicationScoped
public class PlatformUserRepository implements PanacheRepositoryBase<PlatformUser, UUID> {

  public Optional<PlatformUser> findByEmail(String email) {
    return find("lower(email) = lower(?1)", email).firstResultOptional();
  }
}
