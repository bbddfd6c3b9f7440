package io.storeplane.master.token;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.storeplane.master.user.PlatformUser;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** API tokens, found by the hash of the presented token. */
@ApplicationScoped
public class ApiTokenRepository implements PanacheRepositoryBase<ApiToken, UUID> {

  public Optional<ApiToken> findByHash(String tokenHash) {
    return find("tokenHash", tokenHash).firstResultOptional();
  }

  /**
   * A token and the user it acts as (null for a store's token, or a user since removed), in one
   * query: every API request is authenticated with this.
   */
  Optional<WithUser> findWithUser(String tokenHash) {
    return getEntityManager()
        .createQuery(
            "select t, u from ApiToken t left join PlatformUser u on u.id = t.userId"
                + " where t.tokenHash = :hash",
            Object[].class)
        .setParameter("hash", tokenHash)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst()
        .map(row -> new WithUser((ApiToken) row[0], (PlatformUser) row[1]));
  }

  /** A token and the user it acts as, or null. */
  record WithUser(ApiToken token, PlatformUser user) {}

  /** A store's tokens, revoked ones included, newest first. */
  public List<ApiToken> listForStore(UUID storeId) {
    return list("storeId = ?1 order by createdAt desc", storeId);
  }

  public List<ApiToken> listNewestFirst() {
    return list("order by createdAt desc");
  }
}
