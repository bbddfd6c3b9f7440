package io.storeplane.master.subscription;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions; a store has at most one that is not canceled. */
@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, UUID> {

  public Optional<Subscription> findOpen(UUID storeId) {
    return find("storeId = ?1 and status <> ?2", storeId, SubscriptionStatus.CANCELED)
        .firstResultOptional();
  }
}
