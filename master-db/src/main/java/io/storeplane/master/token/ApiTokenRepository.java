package io.storeplane.master.token;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
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

  /** A store's tokens, revoked ones included, newest first. */
  public List<ApiToken> listForStore(UUID storeId) {
    return list("storeId = ?1 order by createdAt desc", storeId);
  }

  public List<ApiToken> listNewestFirst() {
    return list("order by createdAt desc");
  }
}
