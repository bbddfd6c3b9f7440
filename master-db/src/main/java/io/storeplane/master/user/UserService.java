package io.storeplane.master.user;

import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Platform users: creation with a unique e-mail, listing, and the first admin. */
@ApplicationScoped
@Transactional
public class UserService {

  private final PlatformUserRepository users;
  private final Clock clock;

  UserService(PlatformUserRepository users, Clock clock) {
    this.users = users;
    this.clock = clock;
  }

  /**
   * @throws MasterDataException {@code EMAIL_TAKEN}
   */
  public PlatformUser create(String email, String fullName, PlatformRole role) {
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    if (users.findByEmail(normalized).isPresent()) {
      throw new MasterDataException(
          MasterError.EMAIL_TAKEN, "A user with this e-mail exists already.");
    }
    Instant now = clock.instant();
    PlatformUser user = new PlatformUser();
    user.id = UUID.randomUUID();
    user.email = normalized;
    user.fullName = fullName.trim();
    user.role = role;
    user.createdAt = now;
    user.updatedAt = now;
    users.persist(user);
    return user;
  }

  /**
   * @throws MasterDataException {@code USER_NOT_FOUND}
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public PlatformUser get(UUID id) {
    return users
        .findByIdOptional(id)
        .orElseThrow(
            () ->
                new MasterDataException(
                    MasterError.USER_NOT_FOUND, "There is no user with this id."));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<PlatformUser> list() {
    return users.list("order by createdAt");
  }

  /**
   * Serialises first-start bootstrapping across instances: holds a transaction-scoped advisory lock
   * until the caller's transaction ends.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void lockBootstrap() {
    users
        .getEntityManager()
        .createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('storeplane.bootstrap-admin'))")
        .getSingleResult();
  }

  /** An active platform admin, if there is one. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<PlatformUser> anyActiveAdmin() {
    return users
        .find("role = ?1 and active = true order by createdAt", PlatformRole.PLATFORM_ADMIN)
        .firstResultOptional();
  }
}
